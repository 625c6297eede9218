import { BX_PER_ORBIT, NS_PER_BX } from "@/lib/detector/record";
import type { WindowResult } from "@/lib/results/schema";

const ORBIT_SECONDS = (BX_PER_ORBIT * NS_PER_BX) / 1e9;

/** Hit rate over the run: per window, seconds of detector time since the first window, hits/s per chamber and in total. */
export interface RateSeries {
  seconds: number[];
  perChamber: number[][];
  total: number[];
}

/** `windows` in window order. A window missing in the middle leaves a gap (null-free: the x values jump). */
export function rateSeries(windows: readonly WindowResult[], chambers: number): RateSeries {
  const first = windows[0]?.window ?? 0;
  const out: RateSeries = { seconds: [], perChamber: Array.from({ length: chambers }, () => []), total: [] };
  for (const w of windows) {
    const span = w.orbitsPerWindow * ORBIT_SECONDS;
    out.seconds.push((w.window - first) * span);
    for (let c = 0; c < chambers; c++) out.perChamber[c]!.push((w.hitsPerChamber[c] ?? 0) / span);
    out.total.push(w.totalHits / span);
  }
  return out;
}
