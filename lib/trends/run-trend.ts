import { z } from "zod";
import { detectorConfigSchema } from "@/lib/detector/config";
import { addWindow, emptyAggregate, type RunAggregate } from "@/lib/live/run-aggregate";
import { ORBIT_SECONDS } from "@/lib/live/rate-series";
import { windowResultSchema } from "@/lib/results/schema";
import { getRunOrThrow } from "@/lib/runs/get-run-or-throw";
import { storedWindowPages } from "@/lib/runs/window-range";
import { chamberQuantities, type ChamberQuantities } from "@/lib/trends/chamber-quantities";

export const runTrendQuerySchema = z.object({
  /**
   * Windows per point. Drift edges need MIN_DRIFT_ENTRIES (400) drift times
   * per chamber: at the generator's rate (about 13 a second per chamber, in
   * orbits with a scintillator signal) some 30 s of detector time; a minute
   * by default.
   */
  binWindows: z.coerce.number({ message: "expected a number of windows" }).int("expected a whole number").min(1, "expected at least 1").max(100_000, "expected at most 100000").default(60),
});

export type RunTrendQuery = z.infer<typeof runTrendQuerySchema>;

/** One point of a trend over a run: `chambers` null where detector time had no window (a gap, drawn as one). */
export interface RunTrendPoint {
  /** Detector time since the run's first window, at the bin's start. */
  seconds: number;
  fromWindow: number;
  windows: number;
  chambers: ChamberQuantities[] | null;
}

export interface RunTrend {
  runId: string;
  binWindows: number;
  chambers: number;
  points: RunTrendPoint[];
}

/**
 * The shifter's quantities per chamber over a run, `binWindows` windows a
 * point, computed on the server from the stored windows read a page at a
 * time (one bin's sums in memory). Bins without any window between two
 * with data are gap points.
 */
export async function runTrend(runId: string, query: RunTrendQuery): Promise<RunTrend> {
  const run = await getRunOrThrow(runId);
  const chambers = detectorConfigSchema.parse(run.detector).chambers.length;
  const points: RunTrendPoint[] = [];
  const { binWindows } = query;
  let first: number | null = null;
  let bin: { index: number; agg: RunAggregate; orbitsPerWindow: number } | null = null;
  const close = () => {
    if (!bin) return;
    points.push({ seconds: bin.index * binWindows * bin.orbitsPerWindow * ORBIT_SECONDS, fromWindow: first! + bin.index * binWindows, windows: bin.agg.windows, chambers: chamberQuantities(bin.agg, chambers) });
  };
  for await (const page of storedWindowPages(runId, {})) {
    for (const row of page) {
      const w = windowResultSchema.parse(row.data);
      first ??= w.window;
      const index = Math.floor((w.window - first) / binWindows);
      if (!bin || index !== bin.index) {
        close();
        if (bin && index > bin.index + 1) {
          const gap = bin.index + 1;
          points.push({ seconds: gap * binWindows * w.orbitsPerWindow * ORBIT_SECONDS, fromWindow: first + gap * binWindows, windows: 0, chambers: null });
        }
        bin = { index, agg: emptyAggregate(), orbitsPerWindow: w.orbitsPerWindow };
      }
      addWindow(bin.agg, w);
    }
  }
  close();
  return { runId, binWindows, chambers, points };
}
