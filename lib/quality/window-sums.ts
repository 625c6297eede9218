import type { WindowResult } from "@/lib/results/schema";

/** Several windows' statistics added up: what a check reads over its period, and a reference's. */
export interface WindowSums {
  windows: number;
  /** Detector time covered, in orbits (windowOrbits). */
  orbits: number;
  records: number;
  /** Lines with a readable orbit that were not records. */
  malformed: number;
  scintillatorOrbits: number;
  hitsPerChamber: number[];
  occupancy: number[][];
  multiplicity: number[][];
  driftTime: number[][];
  driftLowNs: number;
  driftBinNs: number;
}

function addInto(target: number[], values: readonly number[]): void {
  for (let i = 0; i < values.length; i++) target[i] = (target[i] ?? 0) + values[i]!;
}

/** Below this share of its orbits between its first and last record, a window is taken as partly covered. */
const FULL_SHARE = 0.9;

/**
 * Detector time a window covers, in orbits: all of them, unless its records
 * span much less (the first and last window of a run start or end mid-window,
 * as does a window at a gap in the data): then only that span, so its rates
 * are not read as a drop.
 */
export function windowOrbits(w: WindowResult): number {
  const span = ((((w.lastOrbit - w.firstOrbit) % 2 ** 32) + 2 ** 32) % 2 ** 32) + 1;
  return span >= FULL_SHARE * w.orbitsPerWindow ? w.orbitsPerWindow : span;
}

export function sumWindows(windows: readonly WindowResult[]): WindowSums {
  const first = windows[0];
  const chambers = first?.hitsPerChamber.length ?? 0;
  const sums: WindowSums = {
    windows: windows.length,
    orbits: 0,
    records: 0,
    malformed: 0,
    scintillatorOrbits: 0,
    hitsPerChamber: new Array<number>(chambers).fill(0),
    occupancy: Array.from({ length: chambers }, () => []),
    multiplicity: Array.from({ length: chambers }, () => []),
    driftTime: Array.from({ length: chambers }, () => []),
    driftLowNs: first?.driftTime.minNs ?? 0,
    driftBinNs: first?.driftTime.binNs ?? 1,
  };
  for (const w of windows) {
    sums.orbits += windowOrbits(w);
    sums.records += w.records;
    sums.malformed += w.dropped.malformed;
    sums.scintillatorOrbits += w.scintillatorOrbits;
    addInto(sums.hitsPerChamber, w.hitsPerChamber);
    for (let c = 0; c < chambers; c++) {
      addInto(sums.occupancy[c]!, w.occupancy[c] ?? []);
      addInto(sums.multiplicity[c]!, w.multiplicity[c] ?? []);
      addInto(sums.driftTime[c]!, w.driftTime.counts[c] ?? []);
    }
  }
  return sums;
}

/** The two histograms padded to the same number of bins. */
export function aligned(a: number[], b: number[]): [number[], number[]] {
  const n = Math.max(a.length, b.length);
  const pad = (x: number[]) => [...x, ...new Array<number>(n - x.length).fill(0)];
  return [pad(a), pad(b)];
}
