import { test } from "node:test";
import assert from "node:assert/strict";
import { defaultDetectorConfig as detector } from "@/lib/detector/config";
import { generatedWindows } from "@/lib/generator/generated-windows";
import { driftEdges, MIN_DRIFT_ENTRIES } from "@/lib/quality/drift-edges";
import type { WindowResult } from "@/lib/results/schema";

/** One chamber's drift-time counts summed over windows. */
function summed(windows: WindowResult[], chamber: number): number[] {
  const out = new Array<number>(windows[0]!.driftTime.counts[chamber]!.length).fill(0);
  for (const w of windows) w.driftTime.counts[chamber]!.forEach((c, i) => (out[i]! += c));
  return out;
}

test("on generated data t0 is each chamber's offset and tmax - t0 is the 21 mm half-cell's ~390 ns", () => {
  const windows = generatedWindows(detector, { seed: 11 }, 120, "drift-edges");
  const offsets = [4, 8, 12, 16];
  for (const chamber of [0, 1, 2, 3]) {
    const { t0Ns, tmaxNs } = driftEdges({ counts: summed(windows, chamber), lowNs: detector.driftBins.minNs, binNs: detector.driftBins.binNs });
    assert.ok(t0Ns !== null && tmaxNs !== null, `chamber ${chamber}: edges found`);
    console.log(`chamber ${chamber}: t0 ${t0Ns.toFixed(1)} ns, tmax ${tmaxNs.toFixed(1)} ns, difference ${(tmaxNs - t0Ns).toFixed(1)} ns`);
    assert.ok(Math.abs(t0Ns - offsets[chamber]!) < 6, `chamber ${chamber}: t0 ${t0Ns} near its offset ${offsets[chamber]}`);
    assert.ok(Math.abs(tmaxNs - t0Ns - 390) < 12, `chamber ${chamber}: tmax - t0 = ${tmaxNs - t0Ns}`);
  }
});

test("a t0 shift moves both edges by the shift", () => {
  const base = generatedWindows(detector, { seed: 12 }, 60, "drift-edges");
  const shifted = generatedWindows(detector, { seed: 12, chamberOffsetsNs: [54, 8, 12, 16] }, 60, "drift-edges");
  const edges = (w: WindowResult[]) => driftEdges({ counts: summed(w, 0), lowNs: -200, binNs: 10 });
  const a = edges(base);
  const b = edges(shifted);
  assert.ok(Math.abs(b.t0Ns! - a.t0Ns! - 50) < 5, `t0 moved by ${b.t0Ns! - a.t0Ns!}`);
  assert.ok(Math.abs(b.tmaxNs! - a.tmaxNs! - 50) < 5, `tmax moved by ${b.tmaxNs! - a.tmaxNs!}`);
});

test("edges of an exact box are its borders, interpolated within the bin", () => {
  // bins of 10 ns from 0: a plateau of 100 in bins 5..44 ([50, 450) ns), half-filled border bins 4 and 45
  const counts = new Array<number>(60).fill(0);
  for (let i = 5; i < 45; i++) counts[i] = 100;
  counts[4] = 50;
  counts[45] = 50;
  const { t0Ns, tmaxNs } = driftEdges({ counts, lowNs: 0, binNs: 10 });
  assert.equal(t0Ns, 45);
  assert.equal(tmaxNs, 455);
  // a pile-up at the end and an isolated noisy bin do not move the plateau's half height
  counts[44] = 400;
  counts[2] = 30;
  assert.deepEqual(driftEdges({ counts, lowNs: 0, binNs: 10 }), { t0Ns: 45, tmaxNs: 455 });
});

test("too few entries give no edges", () => {
  const counts = new Array<number>(80).fill(0);
  for (let i = 20; i < 59; i++) counts[i] = Math.floor((MIN_DRIFT_ENTRIES - 1) / 39);
  assert.deepEqual(driftEdges({ counts, lowNs: -200, binNs: 10 }), { t0Ns: null, tmaxNs: null });
  assert.deepEqual(driftEdges({ counts: new Array<number>(80).fill(0), lowNs: -200, binNs: 10 }), { t0Ns: null, tmaxNs: null });
});
