import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultDetectorConfig, detectorConfigSchema } from "@/lib/detector/config";
import { createDriftBinner, DRIFT_UNDERFLOW } from "@/lib/detector/drift-binning";
import { parseTextLine } from "@/lib/detector/parse-text";
import { scanFile } from "@/lib/detector/scan";
import { computeWindowStats, WindowAccumulator } from "@/lib/detector/window-stats";
import { encodeWords, fileHeader, isDatEncodable } from "@/lib/generator/encode";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { generateBatches } from "@/lib/generator/stream";
import { resultMessageSchema, type WindowResult } from "@/lib/results/schema";

const fixture = path.join(import.meta.dirname, "fixtures", "mapd-excerpt.txt");
/** Default detector, 100-orbit windows: window 0 is orbits 0..99, window 1 is 100..199. */
const config = detectorConfigSchema.parse({ orbitsPerWindow: 100 });

const zeros = (n: number) => new Array<number>(n).fill(0);
/** A histogram of `n` bins with the given bins set. */
const hist = (n: number, set: Record<number, number>) => zeros(n).map((_, i) => set[i] ?? 0);

async function statsOfFile(file: string, cfg = defaultDetectorConfig) {
  const acc = new WindowAccumulator(cfg);
  await scanFile(file, (p) => acc.add(p));
  return acc.results();
}

// Times in TDC units within the orbit: 30 * BX + TDC. The scintillator
// (FPGA 1, channel 128) of orbit 10 is at BX 100 = 3000 units; dt_ns = units * 25 / 30.
const lines = [
  // orbit 10: hits first, the earliest scintillator signal last (arrival order must not matter)
  "2,1,128,10,150,0", // a later scintillator signal: not the reference
  "2,0,5,10,100,0", // chamber 0 index 5: dt 0 units = 0 ns -> bin (0 + 200) / 10 = 20
  "2,0,5,10,104,0", // chamber 0 index 5: dt 120 units = 100 ns, exactly an edge -> bin 30
  "2,0,6,10,103,29", // chamber 0 index 6: dt 119 units = 99.17 ns -> bin 29
  "2,1,3,10,92,0", // chamber 2 index 3: dt -240 units = -200 ns = minNs -> bin 0
  "2,1,3,10,91,29", // chamber 2 index 3: dt -241 units = -200.83 ns -> underflow
  "2,1,65,10,124,0", // chamber 3 index 1: dt 720 units = 600 ns = maxNs -> overflow
  "2,1,65,10,123,29", // chamber 3 index 1: dt 719 units = 599.17 ns -> bin 79, the last
  "2,1,128,10,100,0", // the earliest scintillator signal
  // orbit 11: no scintillator
  "2,0,5,11,10,0", // chamber 0 index 5
  "2,0,64,11,10,0", // chamber 1 index 0
  "2,0,130,11,10,0", // valid HEAD, channel outside the map: unmapped
  // drops and malformed lines in window 0
  "4,1,0,50,0,-0.573730", // HEAD 4: dropped by HEAD although its last column is not an integer
  "2,0,1,60,2922", // 5 columns: malformed
  "2,0,1,60,4000,0", // BX out of range: malformed
  "2,0,64,99,0,0", // chamber 1 index 0, last orbit of window 0
  // window 1
  "2,0,64,100,3563,29", // chamber 1 index 0: first orbit of window 1, dt 0 -> bin 20
  "2,0,0,100,0,0", // chamber 0 index 0: dt -106919 units -> underflow
  "2,1,128,100,3563,29", // scintillator at the very end of the orbit
  "2,1,139,100,5,5", // unmapped
  "0,1,2,150,1119,24", // HEAD 0
  // no readable orbit: run-level only
  "garbage",
  "",
  "HEAD,FPGA,TDC_CHANNEL,ORBIT_CNT,BX_COUNTER,TDC_MEAS",
];

const base = (window: number) => ({
  schema: "cosmo.window.v1" as const,
  runId: "offline",
  window,
  orbitsPerWindow: 100,
});
const drift = (counts: number[][], underflow: number[], overflow: number[]) => ({ minNs: -200, maxNs: 600, binNs: 10, counts, underflow, overflow });

test("hand-built records: every statistic worked out by hand", () => {
  const results = computeWindowStats(lines.map(parseTextLine), config);
  const expectedWindow0: WindowResult = {
    ...base(0),
    firstOrbit: 10,
    lastOrbit: 99,
    records: 16,
    totalHits: 10,
    hitsPerChamber: [4, 2, 2, 2],
    occupancy: [hist(64, { 5: 3, 6: 1 }), hist(64, { 0: 2 }), hist(64, { 3: 2 }), hist(64, { 1: 2 })],
    // chamber 0: orbit 10 has 3 hits, orbit 11 has 1; chamber 1: orbits 11 and 99, 1 each.
    multiplicity: [[0, 1, 0, 1], [0, 2], [0, 0, 1], [0, 0, 1]],
    scintillatorOrbits: 1,
    occupancyScintillator: [hist(64, { 5: 2, 6: 1 }), zeros(64), hist(64, { 3: 2 }), hist(64, { 1: 2 })],
    driftTime: drift([hist(80, { 20: 1, 29: 1, 30: 1 }), zeros(80), hist(80, { 0: 1 }), hist(80, { 79: 1 })], [0, 0, 1, 0], [0, 0, 0, 1]),
    // unmapped: two scintillator records of orbit 10 and channel 130.
    dropped: { head: { "4": 1 }, unmappedChannel: 3, malformed: 2 },
  };
  const expectedWindow1: WindowResult = {
    ...base(1),
    firstOrbit: 100,
    lastOrbit: 150,
    records: 5,
    totalHits: 2,
    hitsPerChamber: [1, 1, 0, 0],
    occupancy: [hist(64, { 0: 1 }), hist(64, { 0: 1 }), zeros(64), zeros(64)],
    multiplicity: [[0, 1], [0, 1], [0], [0]],
    scintillatorOrbits: 1,
    occupancyScintillator: [hist(64, { 0: 1 }), hist(64, { 0: 1 }), zeros(64), zeros(64)],
    driftTime: drift([zeros(80), hist(80, { 20: 1 }), zeros(80), zeros(80)], [1, 0, 0, 0], [0, 0, 0, 0]),
    dropped: { head: { "0": 1 }, unmappedChannel: 2, malformed: 0 },
  };
  assert.deepEqual(results, [expectedWindow0, expectedWindow1, { schema: "cosmo.unwindowed.v1", runId: "offline", malformed: 1 }]);
  for (const r of results) resultMessageSchema.parse(r);
  // Order-free: reversed input, same numbers.
  assert.deepEqual(computeWindowStats(lines.map(parseTextLine).reverse(), config), results);
});

test("the drift binning rule is exact integer arithmetic", () => {
  const binner = createDriftBinner(defaultDetectorConfig);
  assert.equal(binner.nBins, 80);
  assert.equal(binner.binOf(-241), DRIFT_UNDERFLOW);
  assert.equal(binner.binOf(-240), 0);
  assert.equal(binner.binOf(0), 20);
  assert.equal(binner.binOf(11), 20); // 9.17 ns
  assert.equal(binner.binOf(12), 21); // 10 ns, an edge
  assert.equal(binner.binOf(719), 79);
  assert.equal(binner.binOf(720), 80); // 600 ns: overflow
  // Decimal settings: (0 ns + 0.3) / 0.1 is 2.9999999999999996 in floating point, but
  // 0 ns lies exactly on the edge of bin 3 = [0.0, 0.1).
  const fine = createDriftBinner(detectorConfigSchema.parse({ driftBins: { minNs: -0.3, maxNs: 0.7, binNs: 0.1 } }));
  assert.equal(fine.nBins, 10);
  assert.equal(fine.binOf(0), 3);
  assert.equal(fine.binOf(-1), DRIFT_UNDERFLOW);
  assert.equal(fine.binOf(1), 10); // 0.83 ns: overflow
});

test("the fixture's totals", async () => {
  // Independently counted (awk): hits of HEAD 2 on channels < 128 by chamber; one HEAD 2 word on
  // channel 138; windows floor(orbit / 11223) = 301808 (38 lines), 301819 (20), 301821 (16).
  const results = await statsOfFile(fixture);
  const windows = results.filter((r): r is WindowResult => r.schema === "cosmo.window.v1");
  assert.deepEqual(windows.map((w) => [w.window, w.records, w.firstOrbit, w.lastOrbit]), [
    [301808, 38, 3387200947, 3387201063],
    [301819, 20, 3387315431, 3387317672],
    [301821, 16, 3387339329, 3387340005],
  ]);
  const hits = windows[0]!;
  assert.equal(hits.totalHits, 37);
  assert.deepEqual(hits.hitsPerChamber, [1, 19, 8, 9]);
  assert.deepEqual(hits.multiplicity, [[0, 1], [0, 14, 1, 1], [0, 4, 0, 0, 1], [0, 1, 0, 0, 2]]);
  assert.equal(hits.occupancy[1]![66 - 64], 8);
  assert.equal(hits.scintillatorOrbits, 0);
  assert.deepEqual(hits.dropped, { head: {}, unmappedChannel: 1, malformed: 0 });
  assert.deepEqual(windows[1]!.dropped.head, { "0": 4, "1": 4, "3": 4, "4": 4, "5": 4 });
  assert.deepEqual(windows[2]!.dropped.head, { "0": 3, "1": 3, "3": 3, "4": 4, "5": 3 });
  assert.deepEqual(results.at(-1), { schema: "cosmo.unwindowed.v1", runId: "offline", malformed: 0 });
  // With the 2019 run's HEAD value, the HEAD 2 words are the drops.
  const as2019 = await statsOfFile(fixture, detectorConfigSchema.parse({ validHead: 1 }));
  assert.equal((as2019[0] as WindowResult).dropped.head["2"], 38);
});

test(".txt and .dat forms of the same generated records give identical results", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cosmo-stats-"));
  try {
    const options = generatorOptionsSchema.parse({ seed: 11 });
    const words = [...generateBatches(defaultDetectorConfig, options, { seconds: 30, keep: isDatEncodable })].flat();
    assert.ok(words.length > 15_000, `${words.length} words`);
    fs.writeFileSync(path.join(dir, "a.txt"), Buffer.concat([fileHeader("txt"), encodeWords(words, "txt")]));
    fs.writeFileSync(path.join(dir, "a.dat"), encodeWords(words, "dat"));
    const text = await statsOfFile(path.join(dir, "a.txt"));
    const dat = await statsOfFile(path.join(dir, "a.dat"));
    assert.deepEqual(dat, text);
    const windows = text.filter((r): r is WindowResult => r.schema === "cosmo.window.v1");
    assert.ok(windows.length >= 30);
    assert.ok(windows.reduce((n, w) => n + w.scintillatorOrbits, 0) > 50);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
