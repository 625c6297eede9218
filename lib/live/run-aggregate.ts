import type { WindowResult } from "@/lib/results/schema";

/** Sums of window statistics: the whole run so far, or a single window. */
export interface RunAggregate {
  windows: number;
  /**
   * Orbits of detector time the windows span (orbitsPerWindow each): what a
   * reference is normalised by, so runs of any length compare.
   */
  orbits: number;
  records: number;
  totalHits: number;
  hitsPerChamber: number[];
  occupancy: number[][];
  occupancyScintillator: number[][];
  multiplicity: number[][];
  scintillatorOrbits: number;
  driftTime: { minNs: number; maxNs: number; binNs: number; counts: number[][]; underflow: number[]; overflow: number[] };
  dropped: { head: Record<string, number>; unmappedChannel: number; malformed: number };
}

export function emptyAggregate(): RunAggregate {
  return {
    windows: 0,
    orbits: 0,
    records: 0,
    totalHits: 0,
    hitsPerChamber: [],
    occupancy: [],
    occupancyScintillator: [],
    multiplicity: [],
    scintillatorOrbits: 0,
    driftTime: { minNs: 0, maxNs: 0, binNs: 1, counts: [], underflow: [], overflow: [] },
    dropped: { head: {}, unmappedChannel: 0, malformed: 0 },
  };
}

/** target[i] += sign * source[i], growing target as needed (histograms of windows differ in length). */
function addInto(target: number[], source: readonly number[], sign: number): void {
  for (let i = 0; i < source.length; i++) target[i] = (target[i] ?? 0) + sign * source[i]!;
}

function addNested(target: number[][], source: readonly (readonly number[])[], sign: number): void {
  source.forEach((row, c) => addInto((target[c] ??= []), row, sign));
}

/**
 * Adds (sign 1) or takes away (sign -1) one window, in place: replacing a
 * re-emitted window is taking the old copy away and adding the new one.
 */
export function addWindow(agg: RunAggregate, w: WindowResult, sign: 1 | -1 = 1): void {
  agg.windows += sign;
  agg.orbits += sign * w.orbitsPerWindow;
  agg.records += sign * w.records;
  agg.totalHits += sign * w.totalHits;
  addInto(agg.hitsPerChamber, w.hitsPerChamber, sign);
  addNested(agg.occupancy, w.occupancy, sign);
  addNested(agg.occupancyScintillator, w.occupancyScintillator, sign);
  addNested(agg.multiplicity, w.multiplicity, sign);
  agg.scintillatorOrbits += sign * w.scintillatorOrbits;
  const d = agg.driftTime;
  ({ minNs: d.minNs, maxNs: d.maxNs, binNs: d.binNs } = w.driftTime);
  addNested(d.counts, w.driftTime.counts, sign);
  addInto(d.underflow, w.driftTime.underflow, sign);
  addInto(d.overflow, w.driftTime.overflow, sign);
  for (const [head, n] of Object.entries(w.dropped.head)) {
    const v = (agg.dropped.head[head] ?? 0) + sign * n;
    if (v === 0) delete agg.dropped.head[head];
    else agg.dropped.head[head] = v;
  }
  agg.dropped.unmappedChannel += sign * w.dropped.unmappedChannel;
  agg.dropped.malformed += sign * w.dropped.malformed;
}

export function aggregateWindows(windows: Iterable<WindowResult>): RunAggregate {
  const agg = emptyAggregate();
  for (const w of windows) addWindow(agg, w);
  return agg;
}

/** Records dropped, by reason, largest first; `unwindowed` are the run's lines without a readable orbit. */
export function droppedByReason(agg: RunAggregate, unwindowed = 0): { reason: string; key: string; count: number }[] {
  const rows = [
    ...Object.entries(agg.dropped.head).map(([head, count]) => ({ reason: `HEAD ${head} (ancillary word)`, key: `head-${head}`, count })),
    { reason: "channel outside the chamber map", key: "unmapped", count: agg.dropped.unmappedChannel },
    { reason: "malformed line", key: "malformed", count: agg.dropped.malformed },
    { reason: "no readable orbit", key: "unwindowed", count: unwindowed },
  ];
  return rows.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
