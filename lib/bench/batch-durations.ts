import { spreadMs } from "@/lib/bench/stats";
import type { BatchProgress } from "@/lib/bench/spark-progress";

export interface BatchDurations {
  batches: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

/**
 * Durations (durationMs.triggerExecution: planning, the Kafka read, the
 * parse, the driver's window state, the results write and the checkpoint) of
 * the micro-batches that read data between two moments, ms since the epoch.
 */
export function batchDurations(batches: BatchProgress[], from: number, to: number): BatchDurations {
  const durations = batches.filter((b) => b.messages > 0 && b.startedAt >= from && b.startedAt <= to).map((b) => b.durationMs);
  return { batches: durations.length, ...spreadMs(durations) };
}
