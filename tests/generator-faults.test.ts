import { test } from "node:test";
import assert from "node:assert/strict";
import { faultFlag } from "@/lib/cli/fault-flag";
import { defaultDetectorConfig as detector } from "@/lib/detector/config";
import { generatedWindows } from "@/lib/generator/generated-windows";
import { generatorFaultSchema, type GeneratorFault } from "@/lib/generator/faults";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { driftEdges } from "@/lib/quality/drift-edges";
import type { WindowResult } from "@/lib/results/schema";

const SECONDS = 100;
const AT = 30;
const seed = 21;
const baseline = generatedWindows(detector, { seed }, SECONDS, "faults");
type FaultAt<F> = F extends GeneratorFault ? Omit<F, "atSeconds"> : never;
const withFault = (fault: FaultAt<GeneratorFault>) => generatedWindows(detector, { seed, faults: [{ ...fault, atSeconds: AT } as GeneratorFault] }, SECONDS, "faults");
/** Windows wholly before the fault (the k-th window from the start is about [k - 1, k) s), and wholly after it. */
const first = baseline[0]!.window;
const before = (ws: WindowResult[]) => ws.filter((w) => w.window - first < AT - 1);
const after = (ws: WindowResult[]) => ws.filter((w) => w.window - first > AT);
const sum = (ws: WindowResult[], f: (w: WindowResult) => number) => ws.reduce((a, w) => a + f(w), 0);
const driftSum = (ws: WindowResult[], chamber: number) => sum(ws, (w) => w.driftTime.counts[chamber]!.reduce((a, b) => a + b, 0));

function assertSameBefore(ws: WindowResult[]): void {
  assert.deepEqual(before(ws), before(baseline), "the data before the fault is the fault-free data");
}

test("a dying channel fires before its time and never after", () => {
  const ws = withFault({ kind: "dead-channel", fpga: 0, channel: 5 });
  assertSameBefore(ws);
  assert.ok(sum(before(ws), (w) => w.occupancy[0]![5]!) > 20);
  assert.equal(sum(after(ws), (w) => w.occupancy[0]![5]!), 0);
  assert.ok(sum(after(ws), (w) => w.occupancy[0]![4]!) > 20, "its neighbour still fires");
});

test("an efficiency drop loses that share of the chamber's muon hits from its time on", () => {
  const ws = withFault({ kind: "efficiency-drop", chamber: 1, share: 0.5 });
  assertSameBefore(ws);
  const ratio = driftSum(after(ws), 1) / driftSum(after(baseline), 1);
  assert.ok(ratio > 0.4 && ratio < 0.6, `chamber 1 kept ${ratio} of its muon hits`);
  const other = driftSum(after(ws), 0) / driftSum(after(baseline), 0);
  assert.ok(other > 0.85 && other < 1.15, `chamber 0 kept ${other}`);
});

test("a noisy channel fires at its extra rate from its time on", () => {
  const ws = withFault({ kind: "noisy-channel", fpga: 0, channel: 10, rateHz: 200 });
  assertSameBefore(ws);
  const perWindow = sum(after(ws), (w) => w.occupancy[0]![10]!) / after(ws).length;
  assert.ok(perWindow > 170 && perWindow < 240, `${perWindow} hits per window`);
  assert.ok(Math.max(...before(ws).map((w) => w.occupancy[0]![10]!)) < 30);
});

test("a t0 shift moves the chamber's drift-time edges by that much from its time on", () => {
  const ws = withFault({ kind: "t0-shift", chamber: 2, ns: 50 });
  assertSameBefore(ws);
  const t0 = (list: WindowResult[]) => {
    const counts = new Array<number>(80).fill(0);
    for (const w of list) w.driftTime.counts[2]!.forEach((c, i) => (counts[i]! += c));
    return driftEdges({ counts, lowNs: -200, binNs: 10 }).t0Ns!;
  };
  const shift = t0(after(ws)) - t0(before(ws));
  assert.ok(Math.abs(shift - 50) < 6, `t0 moved by ${shift} ns`);
});

test("a muon rate change scales the scintillator's orbits from its time on", () => {
  const ws = withFault({ kind: "muon-rate", rateHz: 24 });
  assertSameBefore(ws);
  const mean = (list: WindowResult[]) => sum(list, (w) => w.scintillatorOrbits) / list.length;
  const ratio = mean(after(ws)) / mean(before(ws));
  assert.ok(ratio > 2.4 && ratio < 3.6, `scintillator orbits x${ratio}`);
});

test("--fault KIND@SECONDS:... gives the generator's fault, checked by its schema", () => {
  const options = generatorOptionsSchema.parse({ faults: ["dead-channel@30:0:5", "t0-shift@12.5:2:-20", "muon-rate@0:16"].map(faultFlag) });
  assert.deepEqual(options.faults, [
    { kind: "dead-channel", atSeconds: 30, fpga: 0, channel: 5 },
    { kind: "t0-shift", atSeconds: 12.5, chamber: 2, ns: -20 },
    { kind: "muon-rate", atSeconds: 0, rateHz: 16 },
  ]);
  assert.throws(() => faultFlag("dead-channel@30:0"), /not of the form dead-channel@SECONDS:FPGA:CHANNEL/);
  assert.throws(() => faultFlag("melt@3"), /not one of/);
  assert.equal(generatorFaultSchema.safeParse(faultFlag("efficiency-drop@3:0:2")).success, false);
});
