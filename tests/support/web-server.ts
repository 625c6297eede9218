import { spawn } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { repoRoot } from "@/lib/env";

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A second web server of the test stack's build and database, with its own
 * environment (e.g. COSMO_TRUSTED_PROXIES): what one setting changes, seen
 * from outside. Stop it with `stop()`.
 */
export async function startWebServer(extraEnv: Record<string, string>): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", path.join(repoRoot, "server.ts")], {
    cwd: repoRoot,
    env: { ...process.env, ...extraEnv, COSMO_WEB_PORT: String(port), NODE_ENV: "production", TSX_TSCONFIG_PATH: path.join(repoRoot, "tsconfig.json") },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the web server exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error("the web server did not answer within 60 s");
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    stop: async () => {
      child.kill();
      await exited;
    },
  };
}
