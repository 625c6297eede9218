import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultDetectorConfig as detector } from "@/lib/detector/config";
import { generatedWindows } from "@/lib/generator/generated-windows";
import { flagChannels, median } from "@/lib/live/channel-health";
import { addWindow, aggregateWindows, droppedByReason, emptyAggregate } from "@/lib/live/run-aggregate";
import { rateSeries } from "@/lib/live/rate-series";
import { WindowStore } from "@/lib/live/window-store";
import type { WindowResult } from "@/lib/results/schema";
import type { StoredWindow } from "@/lib/runs/stored-window";

const SECONDS = 120;
const windows = generatedWindows(detector, { seed: 7 }, SECONDS, "agg");
/** The same data in a single window: what the sums of the windows must equal. */
const [whole] = generatedWindows({ ...detector, orbitsPerWindow: 2 ** 32 }, { seed: 7 }, SECONDS, "agg");

const stored = (w: WindowResult, updatedAt: string): StoredWindow => ({ window: w.window, receivedAt: updatedAt, updatedAt, result: w });

test("the run's sums over its windows equal the statistics of the whole input as one window", () => {
  assert.ok(windows.length >= SECONDS, `${windows.length} windows`);
  const agg = aggregateWindows(windows);
  assert.ok(whole);
  assert.equal(agg.windows, windows.length);
  assert.equal(agg.records, whole.records);
  assert.equal(agg.totalHits, whole.totalHits);
  assert.deepEqual(agg.hitsPerChamber, whole.hitsPerChamber);
  assert.deepEqual(agg.occupancy, whole.occupancy);
  assert.deepEqual(agg.occupancyScintillator, whole.occupancyScintillator);
  // An orbit lies in exactly one window, so the multiplicity histograms add up too (trailing zeros aside).
  const trim = (h: number[]) => h.slice(0, h.findLastIndex((n) => n > 0) + 1);
  assert.deepEqual(agg.multiplicity.map(trim), whole.multiplicity.map(trim));
  assert.equal(agg.scintillatorOrbits, whole.scintillatorOrbits);
  assert.deepEqual(agg.driftTime.counts, whole.driftTime.counts);
  assert.deepEqual(agg.driftTime.underflow, whole.driftTime.underflow);
  assert.deepEqual(agg.driftTime.overflow, whole.driftTime.overflow);
  assert.deepEqual(agg.dropped, whole.dropped);
  assert.ok(agg.totalHits > 500 * SECONDS, "realistic data: hundreds of hits per second");
});

test("taking a window away undoes adding it", () => {
  const agg = aggregateWindows(windows.slice(0, 10));
  addWindow(agg, windows[10]!, 1);
  addWindow(agg, windows[10]!, -1);
  assert.deepEqual(agg, aggregateWindows(windows.slice(0, 10)));
  const empty = emptyAggregate();
  addWindow(empty, windows[3]!, 1);
  addWindow(empty, windows[3]!, -1);
  assert.equal(empty.totalHits, 0);
  assert.deepEqual(empty.dropped.head, {});
});

test("the window store replaces a re-emitted window and ignores an older copy", () => {
  const store = new WindowStore();
  for (const w of windows.slice(0, 20)) assert.equal(store.upsert(stored(w, "2026-01-01T00:00:00.000Z")), "added");
  // Window 5 again, with other content (a restarted job that saw more of it): it replaces the first copy.
  const bigger = { ...windows[6]!, window: windows[5]!.window };
  assert.equal(store.upsert(stored(bigger, "2026-01-01T00:00:01.000Z")), "replaced");
  assert.equal(store.upsert(stored(windows[5]!, "2026-01-01T00:00:00.500Z")), "unchanged");
  const expected = aggregateWindows([...windows.slice(0, 5), bigger, ...windows.slice(6, 20)]);
  assert.deepEqual(store.total, expected);
  assert.equal(store.size, 20);
  assert.equal(store.latest()?.window, windows[19]!.window);
  assert.deepEqual(store.prefix(5), aggregateWindows(windows.slice(0, 5)));
  assert.deepEqual(store.sorted().map((w) => w.window), windows.slice(0, 20).map((w) => w.window));
});

test("the generator's dead and noisy channels are flagged, and no other", () => {
  const flags = flagChannels(aggregateWindows(windows).occupancy);
  // Generator defaults: FPGA 1 channel 101 dead (chamber 3, channel 37), FPGA 0 channel 66 noisy (chamber 1, channel 2).
  assert.deepEqual(
    flags.map((f) => [f.kind, f.chamber, f.channel]),
    [
      ["noisy", 1, 2],
      ["dead", 3, 37],
    ],
  );
  // Too little data to call a silent channel dead.
  assert.deepEqual(flagChannels([[0, 1, 2, 1, 0, 3]]), []);
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
});

test("hit rates per chamber and in total, per window of detector time", () => {
  const s = rateSeries(windows.slice(1, 4), 4);
  const span = (detector.orbitsPerWindow * 3564 * 25) / 1e9;
  assert.deepEqual(
    s.seconds.map((x) => Number(x.toFixed(9))),
    [0, 1, 2].map((i) => Number((i * span).toFixed(9))),
  );
  assert.equal(s.total[0], windows[1]!.totalHits / span);
  assert.equal(s.perChamber[2]![1], windows[2]!.hitsPerChamber[2]! / span);
  const sum = s.perChamber.reduce((a, c) => a + c[0]!, 0);
  assert.ok(Math.abs(sum - s.total[0]!) < 1e-6);
});

test("dropped records by reason, largest first, with the lines of no window", () => {
  const agg = aggregateWindows(windows);
  const rows = droppedByReason(agg, 3);
  assert.equal(rows.find((r) => r.key === "unwindowed")?.count, 3);
  assert.equal(rows.find((r) => r.key === "unmapped")?.count, agg.dropped.unmappedChannel);
  for (const [head, n] of Object.entries(agg.dropped.head)) assert.equal(rows.find((r) => r.key === `head-${head}`)?.count, n);
  assert.deepEqual(rows.map((r) => r.count), [...rows.map((r) => r.count)].sort((a, b) => b - a));
});

test("detector time without windows is a gap in the hit rate: one null point where the first missing window starts", () => {
  // Windows 0-4, then 180 missing (three minutes of detector time), then 5 more.
  const before = windows.slice(0, 5);
  const later = windows.slice(5, 10).map((w) => ({ ...w, window: w.window + 180 }));
  const s = rateSeries([...before, ...later], 4);
  const span = (detector.orbitsPerWindow * 3564 * 25) / 1e9;
  assert.equal(s.seconds.length, 11);
  assert.equal(s.total[5], null);
  for (const c of s.perChamber) assert.equal(c[5], null);
  assert.ok(Math.abs(s.seconds[5]! - 5 * span) < 1e-9, "the gap starts where window 5 would have");
  assert.ok(Math.abs(s.seconds[6]! - 185 * span) < 1e-9);
  assert.equal(s.total.filter((v) => v === null).length, 1);
  assert.equal(aggregateWindows(before).orbits, 5 * detector.orbitsPerWindow);
});
