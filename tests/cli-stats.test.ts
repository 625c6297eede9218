import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultDetectorConfig } from "@/lib/detector/config";
import { TEXT_HEADER } from "@/lib/detector/parse-text";
import { scanFile } from "@/lib/detector/scan";
import { WindowAccumulator } from "@/lib/detector/window-stats";
import { repoRoot } from "@/lib/env";
import { encodeWords, fileHeader } from "@/lib/generator/encode";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { generateBatches } from "@/lib/generator/stream";

const fixture = path.join("tests", "fixtures", "mapd-excerpt.txt");

/** Runs the CLI; `readDelayMs` leaves stdout unread that long, as a slow pipe reader would. */
function cosmo(args: string[], readDelayMs = 0): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, "bin", "cosmo.mjs"), ...args], { cwd: repoRoot });
    if (readDelayMs > 0) {
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), readDelayMs);
    }
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

test("cosmo stats --json prints exactly the library's results", async () => {
  const acc = new WindowAccumulator(defaultDetectorConfig, "offline");
  await scanFile(path.join(repoRoot, fixture), (p) => acc.add(p));
  const run = await cosmo(["stats", fixture, "--json"]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), acc.results());
});

test("a large --json output is complete through a pipe (the CLI exits right after)", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cosmo-cli-"));
  try {
    const file = path.join(dir, "big.txt");
    const words = [...generateBatches(defaultDetectorConfig, generatorOptionsSchema.parse({}), { records: 150_000 })].flat();
    fs.writeFileSync(file, Buffer.concat([fileHeader("txt"), encodeWords(words, "txt")]));
    const acc = new WindowAccumulator(defaultDetectorConfig, "offline");
    await scanFile(file, (p) => acc.add(p));
    // A full pipe while the CLI exits: what is not yet written would be lost.
    const run = await cosmo(["stats", file, "--json"], 4000);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.length > 256 * 1024, `${run.stdout.length} bytes`);
    assert.deepEqual(JSON.parse(run.stdout), acc.results());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("cosmo stats prints a summary per window and the totals", async () => {
  const run = await cosmo(["stats", fixture]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^301808 +3387200947-3387201063 +38 +37 +1 +19 +8 +9 /m);
  assert.match(run.stdout, /^total \(3\) .* 74 +37 /m);
});

test("detector flags are applied and a bad value names its flag", async () => {
  const as2019 = await cosmo(["stats", fixture, "--json", "--valid-head", "1", "--orbits-per-window", "1000000"]);
  assert.equal(as2019.code, 0, as2019.stderr);
  const [window] = JSON.parse(as2019.stdout) as { dropped: { head: Record<string, number> }; orbitsPerWindow: number }[];
  assert.equal(window!.orbitsPerWindow, 1_000_000);
  assert.equal(window!.dropped.head["2"], 38);

  const bad = [
    ["--drift-bin", "abc"],
    ["--drift-bin", "7"],
    ["--valid-head", "9"],
    ["--orbits-per-window", "0"],
    ["--scintillator", "1-128"],
    ["--chamber-map", "0:0:0,0:0:64"],
  ] as const;
  // In parallel: each run starts a TypeScript process.
  const runs = await Promise.all(bad.map(([flag, value]) => cosmo(["stats", fixture, flag, value])));
  runs.forEach((run, i) => {
    const [flag, value] = bad[i]!;
    assert.notEqual(run.code, 0, `${flag} ${value}`);
    assert.ok(run.stderr.includes(flag), `${flag} ${value}: ${run.stderr}`);
  });
});

test("bad lines are reported with file and line number, up to 20, then counted", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cosmo-cli-"));
  try {
    const file = path.join(dir, "bad.txt");
    const bad = Array.from({ length: 25 }, (_, i) => `2,0,1,${i},x,0`);
    fs.writeFileSync(file, `${TEXT_HEADER}\n2,0,1,5,0,0\n${bad.join("\n")}\nnot a line\n`);
    const run = await cosmo(["stats", file]);
    assert.equal(run.code, 0, run.stderr);
    const reported = run.stderr.split("\n").filter((l) => l.startsWith(`${file}:`));
    assert.equal(reported.length, 20);
    assert.equal(reported[0], `${file}:3: malformed: BX_COUNTER is not an unsigned integer`);
    assert.match(run.stderr, /\.\.\. 6 more malformed or unreadable lines/);
    assert.match(run.stdout, /unreadable lines \(no orbit, in no window\): 1/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const unknown = await cosmo(["stats", fixture, "no-such-file.csv"]);
  assert.notEqual(unknown.code, 0);
  assert.match(unknown.stderr, /no-such-file\.csv: unknown data format/);
});
