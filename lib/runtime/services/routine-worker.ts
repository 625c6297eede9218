import fs from "node:fs";
import path from "node:path";
import { childEnv, repoRoot } from "@/lib/env";
import { routineWorkerReadyFile } from "@/lib/routines/routine-worker-job";
import { daemonProcesses, isAlive, readPid, spawnDaemon, stopDaemon, waitUntil } from "@/lib/runtime/process";
import { daemonStatus, type Service, type ServiceStatus } from "@/lib/runtime/service";

const NAME = "routine-worker";
// The worker is COSMO's own code: its version is the package's.
const VERSION = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

/**
 * The pid of the worker process that takes routines now: the ready file it
 * wrote, if that process is a live member of this daemon (a worker that died,
 * and is being started again, has none).
 */
export function routineWorkerPid(): number | undefined {
  const record = readPid(NAME);
  const file = routineWorkerReadyFile();
  if (!isAlive(record) || !fs.existsSync(file) || fs.statSync(file).mtimeMs < Date.parse(record.startedAt) - 1000) return undefined;
  const worker = Number(fs.readFileSync(file, "utf8").trim());
  return daemonProcesses(NAME).some((p) => p.pid === worker) ? worker : undefined;
}

const ready = () => Promise.resolve(routineWorkerPid() !== undefined);

/**
 * The process that runs the routines off the job queue (workers/routines.ts),
 * under workers/keep-alive.ts: killed or crashed, it is started again within
 * seconds, and on start it closes what the dead one left under way
 * (lib/routines/recover-abandoned-executions.ts).
 */
export const routineWorker: Service = {
  name: NAME,
  description: "runs the routines (init, run, beat, halt, dismiss) off the PostgreSQL job queue",
  version: VERSION,

  async install() {},

  async start() {
    if ((await this.status()).state === "running") return;
    await stopDaemon(NAME);
    const record = spawnDaemon({
      name: NAME,
      command: process.execPath,
      args: ["--import", "tsx", path.join(repoRoot, "workers", "keep-alive.ts"), "--", process.execPath, "--import", "tsx", path.join(repoRoot, "workers", "routines.ts")],
      cwd: repoRoot,
      env: childEnv({ TSX_TSCONFIG_PATH: path.join(repoRoot, "tsconfig.json") }),
    });
    await waitUntil(ready, { service: NAME, what: "the worker to take routines", pid: record, timeoutMs: 60_000 });
  },

  async stop() {
    // A routine under way is let finish (bounded): it leaves its clusters in a known state.
    await stopDaemon(NAME, { graceMs: 60_000 });
  },

  status(): Promise<ServiceStatus> {
    return daemonStatus({ name: NAME, version: VERSION }, ready);
  },
};
