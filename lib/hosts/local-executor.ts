import { spawn } from "node:child_process";
import type { HostSpec } from "@/lib/clusters/cluster-spec";
import { childEnv } from "@/lib/env";
import { DEFAULT_EXEC_TIMEOUT_MS, type ExecOptions, type ExecResult, type HostExecutor } from "@/lib/hosts/host-executor";

/** A host that is this machine: scripts run as child processes. */
export function localExecutor(host: HostSpec): HostExecutor {
  return {
    host,
    exec(script: string, options: ExecOptions = {}): Promise<ExecResult> {
      return new Promise((resolve, reject) => {
        // Its own process group, so a timeout ends whatever the script started in the foreground.
        const child = spawn("sh", ["-s"], { detached: true, stdio: ["pipe", "pipe", "pipe"], env: childEnv() });
        let output = "";
        const collect = (d: Buffer) => {
          const chunk = d.toString();
          output += chunk;
          options.onOutput?.(chunk);
        };
        child.stdout.on("data", collect);
        child.stderr.on("data", collect);
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, "SIGKILL");
          } catch {
            /* already gone */
          }
        }, options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS);
        child.on("error", (error) => {
          clearTimeout(timer);
          reject(error);
        });
        child.on("close", (code, signal) => {
          clearTimeout(timer);
          resolve({ code: code ?? (signal ? 128 : 1), output });
        });
        child.stdin.end(script);
      });
    },
    close() {},
  };
}
