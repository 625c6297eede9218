#!/usr/bin/env node
// Entry point of the `cosmo` command. Plain JavaScript on purpose: it runs on
// a fresh clone, under whatever node the user has, before any dependency is
// installed. It brings COSMO's own Node (from the npm registry's `node`
// package) into .cosmo/node when the user's is older and runs itself again
// with it, installs the npm dependencies when the lockfile changed, generates
// the Prisma client, then hands over to the TypeScript CLI (lib/cli/main.ts).
import { spawnSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The Node COSMO runs on (package.json engines). Pinned, so every machine and
// every remote host of a cluster runs the same binary.
const NODE_VERSION = "24.21.0";
const NODE_MAJOR = Number(NODE_VERSION.split(".")[0]);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const nodeDir = path.join(root, ".cosmo", "node");
const say = (m) => process.stderr.write(`[cosmo] ${m}\n`);

function sh(command, args, extraEnv = {}) {
  const r = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...extraEnv } });
  if (r.status !== 0) {
    say(`${command} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status ?? 1);
  }
}

/** npm's own CLI script, so it can be run by a node other than the one its shebang finds. */
function npmCli() {
  const candidates = [process.env.npm_execpath];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const bin = path.join(dir, "npm");
    if (fs.existsSync(bin)) candidates.push(path.join(path.dirname(fs.realpathSync(bin)), "npm-cli.js"));
  }
  const found = candidates.find((c) => c && /npm-cli\.js$/.test(c) && fs.existsSync(c));
  if (!found) {
    say("npm is required (it comes with Node.js: install nodejs and npm)");
    process.exit(1);
  }
  return found;
}

/** The binary of the `node` package: its preinstall links the platform's package's binary into bin/. */
function bootstrapNodeBinary() {
  const modules = path.join(nodeDir, "node_modules");
  const platformPackage = `node-${process.platform}-${process.arch}`;
  return [
    path.join(modules, "node", "bin", "node"),
    path.join(modules, "node", "node_modules", platformPackage, "bin", "node"),
    path.join(modules, platformPackage, "bin", "node"),
  ].find((f) => fs.existsSync(f));
}

/**
 * The user's node is older than COSMO's: install COSMO's into .cosmo/node
 * (once) and run this same command with it. Its bin folder goes first on the
 * PATH, so whatever COSMO starts by name (`node`, npm's scripts, a local
 * host's routines) runs on it too.
 */
function reexecOnCosmoNode() {
  const stamp = path.join(nodeDir, ".version");
  let binary = bootstrapNodeBinary();
  if (!binary || !fs.existsSync(stamp) || fs.readFileSync(stamp, "utf8") !== NODE_VERSION) {
    say(`this node is ${process.version}; installing Node ${NODE_VERSION} into ${nodeDir} (once)…`);
    fs.rmSync(nodeDir, { recursive: true, force: true });
    fs.mkdirSync(nodeDir, { recursive: true });
    fs.writeFileSync(path.join(nodeDir, "package.json"), JSON.stringify({ private: true, allowScripts: { node: true } }) + "\n");
    sh(process.execPath, [npmCli(), "install", "--prefix", nodeDir, "--no-audit", "--no-fund", "--loglevel=error", `node@${NODE_VERSION}`]);
    binary = bootstrapNodeBinary();
    if (!binary) {
      say(`the node@${NODE_VERSION} package installed no binary for ${process.platform}-${process.arch}`);
      process.exit(1);
    }
    fs.writeFileSync(stamp, NODE_VERSION);
  }
  const bin = path.dirname(binary);
  const r = spawnSync(binary, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` },
  });
  process.exit(r.status ?? (r.signal === "SIGINT" ? 130 : 1));
}

if (Number(process.versions.node.split(".")[0]) < NODE_MAJOR) reexecOnCosmoNode();

const hash = (file) => createHash("sha256").update(fs.readFileSync(path.join(root, file))).digest("hex");

/**
 * The running node's own headers: the official binary (the `node` package's
 * included) carries them beside bin/. Native modules (ssh2's sshcrypto,
 * cpu-features) must be compiled against them, not against the headers a
 * machine's npm configuration names (`nodedir`, often the system's older
 * node), or they fail to load and ssh2 falls back to slower JavaScript.
 */
function nodeHeadersDir() {
  const prefix = path.resolve(fs.realpathSync(process.execPath), "..", "..");
  // The `node` package hard-links the binary of its platform package, which holds the headers.
  return [prefix, path.join(prefix, "node_modules", `node-${process.platform}-${process.arch}`)].find((dir) =>
    fs.existsSync(path.join(dir, "include", "node", "common.gypi")),
  );
}

function ensureDependencies() {
  const stamp = path.join(root, "node_modules", ".cosmo-lock");
  const headers = nodeHeadersDir();
  // The node ABI and its headers are part of the stamp: native modules built for another node must be rebuilt.
  const want = `${hash("package-lock.json")} ${process.versions.modules} ${headers ?? "npm's nodedir"}`;
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === want) return;
  say("installing npm dependencies…");
  // Not `npm ci`: the lockfile lacks other platforms' optional binaries (the
  // registry reachable here does not serve them), which `npm ci` refuses.
  // npm's script run by this node, so install scripts build for its ABI.
  const buildEnv = headers ? { npm_config_nodedir: headers } : {};
  sh(process.execPath, [npmCli(), "install", "--no-audit", "--no-fund", "--loglevel=error"], buildEnv);
  // install leaves packages already there as they are, native ones built for another node included.
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8").split(" ").slice(1).join(" ") !== want.split(" ").slice(1).join(" ")) {
    say("rebuilding native modules for this node…");
    sh(process.execPath, [npmCli(), "rebuild", "--loglevel=error"], buildEnv);
  }
  fs.writeFileSync(stamp, want);
}

function ensurePrismaClient() {
  const out = path.join(root, "lib", "generated", "prisma", ".schema-hash");
  const want = hash("prisma/schema.prisma");
  if (fs.existsSync(out) && fs.readFileSync(out, "utf8") === want) return;
  say("generating the Prisma client…");
  // generate never runs the schema engine, but Prisma wants a path to one; it
  // cannot be downloaded here, so any executable satisfies the check.
  sh(process.execPath, [path.join(root, "node_modules", ".bin", "prisma"), "generate"], { PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true" });
  fs.writeFileSync(out, want);
}

ensureDependencies();
ensurePrismaClient();

// Absolute loader and tsconfig paths so `cosmo` works from any directory.
// Every child inherits this environment. kafkajs 2.2.4 (its last release,
// kept on purpose) arms its request queue's first timer with a negative delay;
// Node has always run such a timer after 1 ms, and from Node 23 on also warns,
// once in every process that uses Kafka: only that warning is silenced.
const nodeOptions = [process.env.NODE_OPTIONS, "--disable-warning=TimeoutNegativeWarning"].filter(Boolean).join(" ");
const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), path.join(root, "lib", "cli", "main.ts"), ...process.argv.slice(2)], {
  cwd: process.cwd(),
  stdio: "inherit",
  env: { ...process.env, NODE_OPTIONS: nodeOptions, COSMO_ROOT: root, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") },
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal === "SIGINT" ? 130 : 1)));
