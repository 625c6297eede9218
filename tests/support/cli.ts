import { spawn } from "node:child_process";
import path from "node:path";
import { repoRoot } from "@/lib/env";
import { webUrl } from "@/lib/runtime/web-url";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cosmo ARGS` as a script would, against the test stack's web server unless COSMO_URL says otherwise. */
export function cosmo(args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "lib", "cli", "main.ts"), ...args], {
      cwd: repoRoot,
      env: { ...process.env, COSMO_URL: webUrl(), COSMO_TOKEN: undefined, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
