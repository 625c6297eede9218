/**
 * Entry of the local S3 daemon: s3rver on a filesystem directory, so objects
 * survive restarts. Spawned by lib/runtime/services/s3.ts as
 * `node --openssl-legacy-provider --import tsx s3-server.ts --directory D --address H --port P`
 * (s3rver encrypts ListObjectsV2 continuation tokens with DES, which
 * OpenSSL 3 only offers through its legacy provider).
 */
import fs from "node:fs";
import type { Server } from "node:http";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";

interface S3rverInstance {
  httpServer: Server;
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  on(event: "error", listener: (err: Error & { status?: number }) => void): void;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;

// s3rver is CommonJS and ships no type declarations.
const S3rver = createRequire(import.meta.url)("s3rver") as S3rverClass;

const { values } = parseArgs({
  options: {
    directory: { type: "string" },
    address: { type: "string", default: "127.0.0.1" },
    port: { type: "string", default: "4568" },
  },
});
if (!values.directory) {
  console.error("s3-server: --directory is required");
  process.exit(2);
}
fs.mkdirSync(values.directory, { recursive: true });

const server = new S3rver({
  directory: values.directory,
  address: values.address,
  port: Number(values.port),
  // Clients use path-style URLs; vhost parsing would misread "127.0.0.1" hosts.
  vhostBuckets: false,
  // Its own logger writes terminal colours and mangles URLs once output is a
  // file; we log requests and server errors ourselves below.
  silent: true,
});
server.on("error", (err) => {
  if ((err.status ?? 500) >= 500) console.error("s3-server: request failed:", err);
});

const bound = await server.run();
server.httpServer.on("request", (req, res) => {
  const started = Date.now();
  res.on("finish", () => console.log(`${req.method} ${req.url} ${res.statusCode} ${Date.now() - started}ms`));
});
console.log(`s3-server: listening on ${bound.address}:${bound.port}, data in ${values.directory}`);

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`s3-server: ${signal}, closing`);
  // close() waits for idle keep-alive sockets; don't let one hold the exit hostage.
  server.httpServer.closeIdleConnections();
  setTimeout(() => process.exit(0), 3000).unref();
  server.close().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error("s3-server: close failed", err);
      process.exit(1);
    },
  );
};
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
