#!/usr/bin/env node
// Entry point of the `cosmo` command. Plain JavaScript on purpose: it runs on
// a fresh clone before any dependency is installed, installs them when the
// lockfile changed, generates the Prisma client, then hands over to the
// TypeScript CLI (lib/cli/main.ts).
import { spawnSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const say = (m) => process.stderr.write(`[cosmo] ${m}\n`);

function sh(command, args, extraEnv = {}) {
  const r = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...extraEnv } });
  if (r.status !== 0) {
    say(`${command} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

const hash = (file) => createHash("sha256").update(fs.readFileSync(path.join(root, file))).digest("hex");

function ensureDependencies() {
  const stamp = path.join(root, "node_modules", ".cosmo-lock");
  const want = hash("package-lock.json");
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want) return;
  say("installing npm dependencies…");
  // Not `npm ci`: the lockfile lacks other platforms' optional binaries (the
  // registry reachable here does not serve them), which `npm ci` refuses.
  sh("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"]);
  fs.writeFileSync(stamp, hash("package-lock.json"));
}

function ensurePrismaClient() {
  const out = path.join(root, "lib", "generated", "prisma", ".schema-hash");
  const want = hash("prisma/schema.prisma");
  if (fs.existsSync(out) && fs.readFileSync(out, "utf8") === want) return;
  say("generating the Prisma client…");
  // generate never runs the schema engine, but Prisma wants a path to one; it
  // cannot be downloaded here, so any executable satisfies the check.
  sh(path.join(root, "node_modules", ".bin", "prisma"), ["generate"], { PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true" });
  fs.writeFileSync(out, want);
}

ensureDependencies();
ensurePrismaClient();

// Absolute loader and tsconfig paths so `cosmo` works from any directory.
// The AWS SDK warns on every client of every process that Node 20 loses its
// support in 2027; COSMO targets Node 20 (README), so the warning is known and
// only buries the workers' logs. Every child inherits this environment.
const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), path.join(root, "lib", "cli", "main.ts"), ...process.argv.slice(2)], {
  cwd: process.cwd(),
  stdio: "inherit",
  env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...process.env, COSMO_ROOT: root, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 1)));
