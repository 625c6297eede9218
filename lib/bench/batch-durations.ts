import { spreadMs } from "@/lib/bench/stats";
import type { BatchProgress } from "@/lib/bench/spark-progress";

export interface BatchDurations {
  batches: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** The median of each phase of those batches (Spark's durationMs), the trigger itself excluded. */
  phaseP50Ms: Record<string, number>;
}

/**
 * Durations (durationMs.triggerExecution: planning, the Kafka read, the
 * parse, the driver's window state, the results write and the checkpoint) of
 * the micro-batches that read data between two moments, ms since the epoch.
 */
export function batchDurations(batches: BatchProgress[], from: number, to: number): BatchDurations {
  const chosen = batches.filter((b) => b.messages > 0 && b.startedAt >= from && b.startedAt <= to);
  const phases = [...new Set(chosen.flatMap((b) => Object.keys(b.phases)))].filter((k) => k !== "triggerExecution");
  const phaseP50Ms = Object.fromEntries(phases.map((k) => [k, spreadMs(chosen.map((b) => b.phases[k] ?? 0)).p50Ms]));
  return { batches: chosen.length, ...spreadMs(chosen.map((b) => b.durationMs)), phaseP50Ms };
}
