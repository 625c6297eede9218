import { BX_PER_ORBIT, NS_PER_BX } from "@/lib/detector/record";
import type { WindowResult } from "@/lib/results/schema";

export const ORBIT_SECONDS = (BX_PER_ORBIT * NS_PER_BX) / 1e9;

/**
 * Hit rate over the run: per window, seconds of detector time since the first
 * window, hits/s per chamber and in total. A null value is detector time with
 * no window: uPlot breaks the line there instead of drawing across the gap.
 */
export interface RateSeries {
  seconds: number[];
  perChamber: (number | null)[][];
  total: (number | null)[];
}

/**
 * `windows` in window order. Where windows are missing in the middle, one
 * point with null values is put right after the last window before the gap
 * (at the start of the first missing window), so every time chart shows the
 * gap as a gap.
 */
export function rateSeries(windows: readonly WindowResult[], chambers: number): RateSeries {
  const first = windows[0]?.window ?? 0;
  const out: RateSeries = { seconds: [], perChamber: Array.from({ length: chambers }, () => []), total: [] };
  let previous: number | null = null;
  for (const w of windows) {
    const span = w.orbitsPerWindow * ORBIT_SECONDS;
    if (previous !== null && w.window > previous + 1) {
      out.seconds.push((previous + 1 - first) * span);
      for (let c = 0; c < chambers; c++) out.perChamber[c]!.push(null);
      out.total.push(null);
    }
    out.seconds.push((w.window - first) * span);
    for (let c = 0; c < chambers; c++) out.perChamber[c]!.push((w.hitsPerChamber[c] ?? 0) / span);
    out.total.push(w.totalHits / span);
    previous = w.window;
  }
  return out;
}
