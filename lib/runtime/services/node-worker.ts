import fs from "node:fs";
import path from "node:path";
import { childEnv, repoRoot } from "@/lib/env";
import { daemonProcesses, isAlive, readPid, spawnDaemon, stopDaemon, waitUntil } from "@/lib/runtime/process";
import { daemonStatus, type Service, type ServiceStatus } from "@/lib/runtime/service";

// The workers are COSMO's own code: their version is the package's.
const VERSION = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

export interface NodeWorkerOptions {
  name: string;
  description: string;
  /** workers/<script>.ts */
  script: string;
  /** Written by the worker once it works, holding its pid (writeWorkerReady). */
  readyFile: () => string;
  /** What start waits for, for its timeout message. */
  readyWhat: string;
  stopGraceMs: number;
}

/** Called by a worker once it works: its ready file holds its pid, so a restarted worker is told from a dead one. */
export function writeWorkerReady(file: string): void {
  fs.writeFileSync(file, String(process.pid));
}

/**
 * The pid of the worker process that works now: the one its ready file names,
 * if that process is a live member of the daemon (a worker that died, and is
 * being started again by keep-alive, has none).
 */
export function workerPid(name: string, readyFile: () => string): number | undefined {
  const record = readPid(name);
  const file = readyFile();
  if (!isAlive(record) || !fs.existsSync(file) || fs.statSync(file).mtimeMs < Date.parse(record.startedAt) - 1000) return undefined;
  const worker = Number(fs.readFileSync(file, "utf8").trim());
  return daemonProcesses(name).some((p) => p.pid === worker) ? worker : undefined;
}

/**
 * One of COSMO's own background workers as a service of `cosmo up`: a daemon
 * with a pid file, run under workers/keep-alive.ts so that a worker killed or
 * crashed is started again within seconds (there is no systemd to do it), and
 * on start each worker closes what its dead predecessor left under way.
 */
export function nodeWorkerService(o: NodeWorkerOptions): Service {
  const ready = () => Promise.resolve(workerPid(o.name, o.readyFile) !== undefined);
  const tsx = (script: string) => [process.execPath, "--import", "tsx", path.join(repoRoot, "workers", `${script}.ts`)];
  return {
    name: o.name,
    description: o.description,
    version: VERSION,

    async install() {},

    async start() {
      if ((await this.status()).state === "running") return;
      await stopDaemon(o.name);
      const [command, ...keepAlive] = tsx("keep-alive");
      const record = spawnDaemon({
        name: o.name,
        command: command!,
        args: [...keepAlive, "--", ...tsx(o.script)],
        cwd: repoRoot,
        env: childEnv({ TSX_TSCONFIG_PATH: path.join(repoRoot, "tsconfig.json") }),
      });
      await waitUntil(ready, { service: o.name, what: o.readyWhat, pid: record, timeoutMs: 60_000 });
    },

    async stop() {
      await stopDaemon(o.name, { graceMs: o.stopGraceMs });
    },

    status(): Promise<ServiceStatus> {
      return daemonStatus({ name: o.name, version: VERSION }, ready);
    },
  };
}
