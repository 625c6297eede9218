import { aggregateWindows, type RunAggregate } from "@/lib/live/run-aggregate";
import type { WindowResult } from "@/lib/results/schema";

/** Several windows' statistics added up (what a check reads over its period, and a reference), with the detector time they cover. */
export interface WindowSums extends RunAggregate {
  /** Detector time covered, in orbits (windowOrbits). */
  orbits: number;
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
  return { ...aggregateWindows(windows), orbits: windows.reduce((n, w) => n + windowOrbits(w), 0) };
}

/** A chamber's histogram of the sums, by the name the checks configuration uses. */
export function histogramOf(sums: WindowSums, name: "occupancy" | "multiplicity" | "driftTime", chamber: number): number[] {
  return (name === "driftTime" ? sums.driftTime.counts : sums[name])[chamber] ?? [];
}

/** The two histograms padded to the same number of bins. */
export function aligned(a: number[], b: number[]): [number[], number[]] {
  const n = Math.max(a.length, b.length);
  const pad = (x: number[]) => [...x, ...new Array<number>(n - x.length).fill(0)];
  return [pad(a), pad(b)];
}
