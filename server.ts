// The web server: Next.js behind COSMO's edge (lib/api/edge.ts), which settles
// the X-Forwarded-* headers from the socket, sets the security headers and
// answers methods a path does not have. `next start` offers no such hook.
//   node --import tsx server.ts [--dev]
import http from "node:http";
import next from "next";
import { answerClientError, answeredAtEdge } from "@/lib/api/edge";
import { env, repoRoot } from "@/lib/env";

const dev = process.argv.includes("--dev");
const app = next({ dev, dir: repoRoot, hostname: env.COSMO_HOST, port: env.COSMO_WEB_PORT });
const handle = app.getRequestHandler();
await app.prepare();

http
  .createServer((req, res) => {
    if (!answeredAtEdge(req, res)) void handle(req, res);
  })
  .on("clientError", answerClientError)
  .listen(env.COSMO_WEB_PORT, env.COSMO_HOST, () => console.log(`COSMO web on http://${env.COSMO_HOST}:${env.COSMO_WEB_PORT} (${dev ? "dev" : "production"})`));
