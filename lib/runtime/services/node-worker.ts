import fs from "node:fs";
import path from "node:path";
import { childEnv, repoRoot } from "@/lib/env";
import { isAlive, readPid, spawnDaemon, stopDaemon, waitUntil } from "@/lib/runtime/process";
import { daemonStatus, type Service, type ServiceStatus } from "@/lib/runtime/service";

// The workers are COSMO's own code: their version is the package's.
const VERSION = (JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }).version;

export interface NodeWorkerOptions {
  name: string;
  description: string;
  /** workers/<script>.ts */
  script: string;
  /** Written by the worker once it works: ready when newer than the process. */
  readyFile: () => string;
  /** What start waits for, for its timeout message. */
  readyWhat: string;
  stopGraceMs: number;
}

/** One of COSMO's own background workers as a service of `cosmo up`: a daemon with a pid file and a ready file. */
export function nodeWorkerService(o: NodeWorkerOptions): Service {
  const ready = () => {
    const record = readPid(o.name);
    const file = o.readyFile();
    return Promise.resolve(isAlive(record) && fs.existsSync(file) && fs.statSync(file).mtimeMs >= Date.parse(record.startedAt) - 1000);
  };
  return {
    name: o.name,
    description: o.description,
    version: VERSION,

    async install() {},

    async start() {
      if ((await this.status()).state === "running") return;
      await stopDaemon(o.name);
      const record = spawnDaemon({
        name: o.name,
        command: process.execPath,
        args: ["--import", "tsx", path.join(repoRoot, "workers", `${o.script}.ts`)],
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
