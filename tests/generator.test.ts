import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { defaultDetectorConfig as detector } from "@/lib/detector/config";
import { TEXT_HEADER } from "@/lib/detector/parse-text";
import { ORBIT_LIMIT, TDC_PER_ORBIT, tdcTime, tdcUnitsToNs } from "@/lib/detector/record";
import { createScanner } from "@/lib/detector/scan";
import { WindowAccumulator } from "@/lib/detector/window-stats";
import { env } from "@/lib/env";
import { encodeWords, fileHeader, isDatEncodable } from "@/lib/generator/encode";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { folderSink, s3Sink } from "@/lib/generator/sinks";
import { generateBatches, generateTextLines } from "@/lib/generator/stream";
import type { GeneratedWord, TimedWord } from "@/lib/generator/word";
import { writeDataFiles } from "@/lib/generator/write-files";
import { s3 } from "@/lib/runtime/services/s3";
import { s3Client } from "@/lib/s3/client";

const options = (seed: number) => generatorOptionsSchema.parse({ seed });
const words = (seed: number, records: number) => [...generateBatches(detector, options(seed), { records })].flat();
const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

before(async () => {
  await s3.install(() => {});
  await s3.start(() => {});
});

test("same seed, same bytes; another seed, other bytes", () => {
  const a = encodeWords(words(5, 50_000), "txt");
  assert.equal(sha(encodeWords(words(5, 50_000), "txt")), sha(a));
  assert.notEqual(sha(encodeWords(words(6, 50_000), "txt")), sha(a));
  const dat = () => [...generateBatches(detector, options(5), { records: 20_000, keep: isDatEncodable })].flat();
  assert.equal(sha(encodeWords(dat(), "dat")), sha(encodeWords(dat(), "dat")));
  assert.equal(dat().length, 20_000);
});

test("the text-line iterator yields the lines of the text files", async () => {
  const lines: string[] = [];
  for await (const line of generateTextLines(detector, options(5), { records: 3_000 })) lines.push(line);
  assert.equal(`${lines.join("\n")}\n`, encodeWords(words(5, 3_000), "txt").toString("latin1"));
  assert.match(lines[0]!, /^\d+,\d+,\d+,\d+,\d+,-?[\d.]+$/);
});

test("the generated data has the shape of the real runs", () => {
  const seconds = 200;
  const all = [...generateBatches(detector, options(1), { seconds })].flat();
  // About 1,000 records/s, of which about 650 chamber hits (DETECTOR.md).
  assert.ok(all.length > 850 * seconds && all.length < 1150 * seconds, `${all.length / seconds} records/s`);

  const acc = new WindowAccumulator(detector);
  const scanner = createScanner("txt", (p) => acc.add(p));
  scanner.push(encodeWords(all, "txt"));
  scanner.end();
  const windows = acc.windowResults();
  const hits = [0, 1, 2, 3].map((c) => windows.reduce((n, w) => n + w.hitsPerChamber[c]!, 0));
  const total = hits.reduce((a, b) => a + b);
  assert.ok(total > 550 * seconds && total < 750 * seconds, `${total / seconds} hits/s`);
  [15, 23, 37, 24].forEach((share, c) => assert.ok(Math.abs((100 * hits[c]!) / total - share) < 3, `chamber ${c}: ${(100 * hits[c]!) / total}%`));
  for (let c = 0; c < 4; c++) {
    const m = zerosSum(windows.map((w) => w.multiplicity[c]!));
    const orbits = m.reduce((a, b) => a + b, 0);
    const oneToFour = m.slice(1, 5).reduce((a, b) => a + b, 0);
    assert.ok(oneToFour / orbits >= 0.9, `chamber ${c}: ${oneToFour / orbits} of orbits with 1..4 hits`);
    assert.ok(m[1]! / orbits > 0.5, `chamber ${c}: mostly one hit`);
  }
  const heads = Object.keys(windows.reduce((h, w) => ({ ...h, ...w.dropped.head }), {})).sort();
  assert.deepEqual(heads, ["0", "1", "3", "4", "5"]);
  assert.ok(all.some((w) => w.lastColumn !== undefined), "ancillary words with decimals");

  // Muon-like orbits: hits in three or more chambers. Most carry the scintillator signal,
  // and their drift times fill 0..400 ns.
  const byOrbit = new Map<number, GeneratedWord[]>();
  for (const w of all) if (w.head === detector.validHead) byOrbit.set(w.orbit, [...(byOrbit.get(w.orbit) ?? []), w]);
  const isScint = (w: GeneratedWord) => w.fpga === 1 && w.channel === 128;
  const chamberOf = (w: GeneratedWord) => (w.channel < 128 ? w.fpga * 2 + (w.channel >= 64 ? 1 : 0) : -1);
  let muonOrbits = 0;
  let withScint = 0;
  const drift: number[] = [];
  for (const ws of byOrbit.values()) {
    if (new Set(ws.map(chamberOf).filter((c) => c >= 0)).size < 3) continue;
    muonOrbits++;
    const scint = ws.filter(isScint).map(tdcTime);
    if (scint.length === 0) continue;
    withScint++;
    for (const w of ws) if (chamberOf(w) >= 0) drift.push(tdcUnitsToNs(tdcTime(w) - Math.min(...scint)));
  }
  assert.ok(muonOrbits > 3 * seconds, `${muonOrbits} muon orbits`);
  assert.ok(withScint / muonOrbits > 0.7, `${withScint / muonOrbits} of muon orbits with a scintillator signal`);
  assert.ok(drift.filter((ns) => ns >= 0 && ns <= 400).length / drift.length > 0.9, "drift times within 0..400 ns");

  // Nearly, not exactly, time-ordered: records of earlier orbits do follow later ones, by at most the FPGA lag.
  let latest = 0;
  let backwards = 0;
  let worst = 0;
  for (const w of all) {
    if (w.head !== detector.validHead) continue;
    if (w.orbit < latest) backwards++;
    worst = Math.max(worst, latest - w.orbit);
    latest = Math.max(latest, w.orbit);
  }
  assert.ok(backwards > 0);
  assert.ok(worst <= options(1).interleaveOrbits + 1, `lags ${worst} orbits`);
});

test("--start-orbit before the wrap: the data crosses it, and every record, late ones included, lands in the window of its true orbit", () => {
  const startOrbit = 4_294_960_000;
  const generated = [...generateBatches(detector, generatorOptionsSchema.parse({ seed: 3, startOrbit }), { seconds: 3 })].flat() as TimedWord[];
  // Ground truth: the generator's own time, never wrapped.
  const W = detector.orbitsPerWindow;
  const truth = new Map<number, number>();
  for (const w of generated) {
    const k = Math.floor((startOrbit + Math.floor(w.time / TDC_PER_ORBIT)) / W);
    truth.set(k, (truth.get(k) ?? 0) + 1);
  }
  const wrapAt = generated.findIndex((w) => w.orbit < 1_000);
  assert.ok(wrapAt > 0, "the counter wraps");
  const late = generated.slice(wrapAt).filter((w) => w.orbit > ORBIT_LIMIT - 1_000).length;
  assert.ok(late > 0, `records late across the wrap (${late})`);
  const acc = new WindowAccumulator(detector);
  const scanner = createScanner("txt", (p) => acc.add(p));
  scanner.push(encodeWords(generated, "txt"));
  scanner.end();
  const windows = acc.windowResults();
  assert.deepEqual(new Map(windows.map((w) => [w.window, w.records])), truth);
  assert.ok(windows.at(-1)!.lastOrbit > ORBIT_LIMIT && windows[0]!.firstOrbit >= startOrbit);
});

function zerosSum(rows: number[][]): number[] {
  const out = new Array<number>(Math.max(...rows.map((r) => r.length))).fill(0);
  for (const r of rows) r.forEach((v, i) => (out[i]! += v));
  return out;
}

test("files of N records with the real bucket's names, to a folder", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cosmo-gen-"));
  try {
    const done = await writeDataFiles(generateBatches(detector, options(2), { records: 25_000 }), { format: "txt", recordsPerFile: 10_000, sink: folderSink(dir) });
    assert.deepEqual(done.records, 25_000);
    assert.deepEqual(fs.readdirSync(dir).sort(), ["data_000000.txt", "data_000001.txt", "data_000002.txt"]);
    const lines = (name: string) => fs.readFileSync(path.join(dir, name), "latin1").split("\n");
    assert.equal(lines("data_000000.txt")[0], TEXT_HEADER);
    assert.equal(lines("data_000000.txt").length, 10_002); // header, records, "" after the last newline
    assert.equal(lines("data_000002.txt").length, 5_002);
    const joined = ["data_000000.txt", "data_000001.txt", "data_000002.txt"].flatMap((n) => lines(n).slice(1, -1)).join("\n");
    assert.equal(`${joined}\n`, encodeWords(words(2, 25_000), "txt").toString("latin1"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("generate straight into an S3 bucket, multipart for a large file", async () => {
  const prefix = `test/generator-${Date.now()}-${randomBytes(3).toString("hex")}/`;
  const bucket = env.S3_BUCKET;
  const done = await writeDataFiles(generateBatches(detector, options(3), { records: 260_000 }), {
    format: "txt",
    recordsPerFile: 250_000,
    sink: s3Sink(bucket, prefix),
  });
  assert.equal(done.files, 2);
  const listed = await s3Client().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const objects = (listed.Contents ?? []).map((o) => [o.Key!.slice(prefix.length), o.Size]);
  const expected = encodeWords(words(3, 260_000).slice(0, 250_000), "txt");
  // More than 5 MiB: two parts.
  assert.ok(expected.length > 5 * 1024 * 1024);
  assert.deepEqual(objects, [
    ["data_000000.txt", fileHeader("txt").length + expected.length],
    ["data_000001.txt", fileHeader("txt").length + encodeWords(words(3, 260_000).slice(250_000), "txt").length],
  ]);
  const first = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}data_000000.txt` }));
  const body = Buffer.from(await first.Body!.transformToByteArray());
  assert.equal(sha(body), sha(Buffer.concat([fileHeader("txt"), expected])));
});
