import { isAlive, readPid } from "@/lib/runtime/process";
import { logFile } from "@/lib/runtime/paths";

export type ServiceState = "running" | "stopped" | "unhealthy" | "external";

export interface ServiceStatus {
  name: string;
  state: ServiceState;
  version: string;
  pid?: number;
  port?: number;
  url?: string;
  logFile?: string;
  detail?: string;
}

export type Progress = (message: string) => void;

/**
 * One process (or external endpoint) the product depends on. Every method is
 * idempotent: install on an installed service, start on a running one and
 * stop on a stopped one return quietly.
 */
export interface Service {
  name: string;
  description: string;
  version: string;
  /** Only needed for tests (sshd, chromium): `cosmo up` skips these. */
  testOnly?: boolean;
  install(progress: Progress): Promise<void>;
  start(progress: Progress): Promise<void>;
  stop(progress: Progress): Promise<void>;
  status(): Promise<ServiceStatus>;
}

/** Status of a daemon we started ourselves: its pid file plus a health probe. */
export async function daemonStatus(
  base: Omit<ServiceStatus, "state" | "pid" | "logFile">,
  healthy: () => Promise<boolean>,
): Promise<ServiceStatus> {
  const record = readPid(base.name);
  if (!isAlive(record)) return { ...base, state: "stopped", logFile: logFile(base.name) };
  const ok = await healthy().catch(() => false);
  return { ...base, state: ok ? "running" : "unhealthy", pid: record.pid, logFile: logFile(base.name) };
}
