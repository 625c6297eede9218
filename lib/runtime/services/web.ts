import fs from "node:fs";
import path from "node:path";
import { childEnv, env, repoRoot } from "@/lib/env";
import { assertPortFree, httpJson, run, spawnDaemon, stopDaemon, waitUntil } from "@/lib/runtime/process";
import { daemonStatus, type Service, type ServiceStatus } from "@/lib/runtime/service";
import { webUrl } from "@/lib/runtime/web-url";

const nextBin = path.join(repoRoot, "node_modules", "next", "dist", "bin", "next");
const buildId = path.join(repoRoot, ".next", "BUILD_ID");
const sources = ["app", "lib", "public", "proxy.ts", "next.config.js", "package-lock.json", "tsconfig.json"];

export const NEXT_VERSION: string = (
  JSON.parse(fs.readFileSync(path.join(repoRoot, "node_modules", "next", "package.json"), "utf8")) as { version: string }
).version;

export { webUrl };

function newestMtime(p: string): number {
  const full = path.join(repoRoot, p);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(full)) {
    if (entry === "generated" || entry.startsWith(".")) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

/** A production build is only redone when a source is newer than the last one. */
function buildIsCurrent(): boolean {
  if (!fs.existsSync(buildId)) return false;
  const built = fs.statSync(buildId).mtimeMs;
  return sources.every((s) => newestMtime(s) <= built);
}

const healthy = async () => {
  await httpJson(`${webUrl()}/api/health`, 5000);
  return true;
};

export function createWebService(mode: "production" | "dev" = "production"): Service {
  return {
    name: "web",
    description: "COSMO web portal and REST API (Next.js)",
    version: NEXT_VERSION,

    async install(progress) {
      if (mode === "dev" || buildIsCurrent()) return;
      progress("building the web app (next build)");
      await run(process.execPath, [nextBin, "build"], { cwd: repoRoot, env: childEnvForNext() });
    },

    async start(progress) {
      if ((await this.status()).state === "running") return;
      await stopDaemon("web");
      await assertPortFree(env.COSMO_HOST, env.COSMO_WEB_PORT, "web");
      await this.install(progress);
      const record = spawnDaemon({
        name: "web",
        command: process.execPath,
        // COSMO's own server (server.ts): Next behind the edge that settles forwarded headers and methods.
        args: ["--import", "tsx", path.join(repoRoot, "server.ts"), ...(mode === "dev" ? ["--dev"] : [])],
        cwd: repoRoot,
        env: childEnvForNext({ NODE_ENV: mode === "dev" ? "development" : "production", TSX_TSCONFIG_PATH: path.join(repoRoot, "tsconfig.json") }),
      });
      await waitUntil(healthy, { service: "web", what: "/api/health", pid: record, timeoutMs: 120_000 });
    },

    async stop() {
      await stopDaemon("web");
    },

    status(): Promise<ServiceStatus> {
      return daemonStatus({ name: "web", version: NEXT_VERSION, port: env.COSMO_WEB_PORT, url: webUrl() }, healthy);
    },
  };
}

function childEnvForNext(overrides: Record<string, string> = {}): NodeJS.ProcessEnv {
  // `next build` sets NODE_ENV itself; an inherited one would fight it. The server is told its mode.
  return childEnv({ NODE_ENV: undefined, NEXT_TELEMETRY_DISABLED: "1", ...overrides });
}

export const web = createWebService();
