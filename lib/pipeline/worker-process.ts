import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { childEnv, repoRoot } from "@/lib/env";

export interface WorkerProcess {
  child: ChildProcess;
  /** What the worker printed so far (stdout and stderr). */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  signal(signal: NodeJS.Signals): void;
}

/** Starts one of workers/*.ts as its own process, its own process group. */
export function spawnWorker(name: "buffer" | "consumer", args: string[]): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "workers", `${name}.ts`), ...args], {
    cwd: repoRoot,
    env: childEnv({ TSX_TSCONFIG_PATH: path.join(repoRoot, "tsconfig.json") }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    output: () => out,
    exited,
    signal(sig) {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        /* already gone */
      }
    },
  };
}
