import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { childEnv, repoRoot } from "@/lib/env";
import { CosmoError } from "@/lib/errors";
import { logFile } from "@/lib/runtime/paths";
import { isAlive, readPid, spawnDaemon, stopDaemon, tailLog } from "@/lib/runtime/process";

const KINDS = ["buffer", "consumer"] as const;
const NAME = /^[a-z][a-z0-9-]{0,100}$/;

const usage = "usage: cosmo worker start NAME buffer|consumer [worker options] | stop NAME | status NAME";

/**
 * Background workers as daemons of this host's COSMO_HOME: how the routines
 * start a run's buffer on whichever host has the buffer role, locally or over
 * SSH, and stop it again by name.
 */
export async function workerCommand([action, name, ...rest]: string[]): Promise<number> {
  if (!action || !name) throw new CosmoError("BAD_REQUEST", usage);
  if (!NAME.test(name)) throw new CosmoError("BAD_REQUEST", `invalid worker name "${name}": lower-case letters, digits and '-'`);
  switch (action) {
    case "start": {
      const [kind, ...args] = rest;
      if (!KINDS.includes(kind as (typeof KINDS)[number])) throw new CosmoError("BAD_REQUEST", usage);
      const running = readPid(name);
      if (isAlive(running)) {
        console.log(`${name} is already running (pid ${running.pid})`);
        return 0;
      }
      const record = spawnDaemon({
        name,
        command: process.execPath,
        args: ["--import", "tsx", path.join(repoRoot, "workers", `${kind}.ts`), ...args],
        cwd: repoRoot,
        env: childEnv({ TSX_TSCONFIG_PATH: path.join(repoRoot, "tsconfig.json") }),
      });
      // A bad option or an unreachable database ends a worker within moments: report it here.
      await sleep(1500);
      if (!isAlive(record)) {
        console.error(`${name} exited at once:\n${tailLog(name, 15)}`);
        return 1;
      }
      console.log(`${name} started (pid ${record.pid}, log ${logFile(name)})`);
      return 0;
    }
    case "stop":
      console.log((await stopDaemon(name)) ? `${name} stopped` : `${name} was not running`);
      return 0;
    case "status": {
      const record = readPid(name);
      const alive = isAlive(record);
      console.log(alive ? `${name} running (pid ${record.pid})` : `${name} stopped`);
      return alive ? 0 : 3;
    }
    default:
      throw new CosmoError("BAD_REQUEST", usage);
  }
}
