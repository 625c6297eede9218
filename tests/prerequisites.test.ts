import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { repoRoot } from "@/lib/env";

/** Runs a prerequisite check in a child process with the given environment. */
function check(fn: "requireJava" | "requirePython" | "requireGo", extraEnv: Record<string, string>) {
  const code = `import("@/lib/runtime/prerequisites").then((m) => m.${fn}()).then((v) => console.log("OK " + v), (e) => { console.log("ERR " + e.message); process.exit(3); });`;
  return spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    cwd: repoRoot,
    env: { ...process.env, ...extraEnv },
    encoding: "utf8",
  });
}

function fakeBin(name: string, script: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cosmo-fake-"));
  fs.mkdirSync(path.join(dir, "bin"));
  const file = path.join(dir, "bin", name);
  fs.writeFileSync(file, `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  return dir;
}

test("the machine's Java and Python pass the checks", () => {
  assert.match(check("requireJava", {}).stdout, /^OK .*version "(1[7-9]|[2-9]\d)/);
  assert.match(check("requirePython", {}).stdout, /^OK Python 3\.(1\d|[2-9]\d)/);
});

test("an old Java is refused with the version found and what to do", () => {
  const home = fakeBin("java", `echo 'openjdk version "11.0.22" 2024-01-16' >&2`);
  const r = check("requireJava", { JAVA_HOME: home });
  assert.equal(r.status, 3);
  assert.match(r.stdout, /Java 17 or later is required; found version "11/);
  assert.match(r.stdout, /JAVA_HOME/);
});

test("a missing Java or Python says which one and how to fix it", () => {
  const java = check("requireJava", { JAVA_HOME: "/nonexistent-java" });
  assert.equal(java.status, 3);
  assert.match(java.stdout, /Java 17 or later is required \(install openjdk-17-jre-headless, or set JAVA_HOME\)/);
  const python = check("requirePython", { COSMO_PYTHON: "/nonexistent/python3" });
  assert.equal(python.status, 3);
  assert.match(python.stdout, /Python 3\.10 or later is required \(not found as \/nonexistent\/python3/);
});

test("an old Python is refused with the version found", () => {
  const home = fakeBin("python3", `echo 'Python 3.8.10'`);
  const r = check("requirePython", { COSMO_PYTHON: path.join(home, "bin", "python3") });
  assert.equal(r.status, 3);
  assert.match(r.stdout, /found Python 3\.8\.10/);
});

test("Go: the machine's passes; an old one is refused with the version found", () => {
  assert.match(check("requireGo", {}).stdout, /^OK/);
  const home = fakeBin("go", `echo 'go version go1.19.8 linux/amd64'`);
  const r = check("requireGo", { PATH: `${path.join(home, "bin")}${path.delimiter}${process.env.PATH ?? ""}` });
  assert.equal(r.status, 3);
  assert.match(r.stdout, /Go 1\.25 or later is required .*found go version go1\.19\.8/);
});

test("COSMO, and the node it starts by name (a local host's routines), run on Node 24 or later", () => {
  assert.ok(Number(process.versions.node.split(".")[0]) >= 24, process.version);
  const byName = spawnSync("node", ["-p", "process.versions.modules + ' ' + process.versions.node"], { encoding: "utf8" });
  const [abi, version] = byName.stdout.trim().split(" ");
  assert.ok(Number(version?.split(".")[0]) >= 24, version);
  // The same ABI as this process: native modules installed for one load in the other.
  assert.equal(abi, process.versions.modules);
});

test("ssh2's native parts are built for this node: its crypto binding and cpu-features load", async () => {
  const require = (await import("node:module")).createRequire(path.join(repoRoot, "package.json"));
  const features = require("cpu-features")() as { arch: string };
  assert.match(features.arch, /^\w+$/);
  const binding = require(path.join(repoRoot, "node_modules", "ssh2", "lib", "protocol", "crypto", "build", "Release", "sshcrypto.node")) as Record<string, unknown>;
  assert.equal(typeof binding.ChaChaPolyDecipher, "function");
});
