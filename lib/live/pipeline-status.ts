import { getRunSummary, type BufferView } from "@/lib/runs/get-run-summary";
import type { RunTotals } from "@/lib/runs/run-list-item";
import type { RunStatus } from "@/lib/generated/prisma/client";
import type { SparkProgress } from "@/lib/results/spark-progress";

/** The periodic `pipeline` event of a run's stream: how its data moves. */
export interface PipelineStatus {
  at: string;
  runStatus: RunStatus;
  endedAt: string | null;
  buffer: BufferView;
  stored: RunTotals;
  /** Records the buffer committed to Kafka that no stored window counts yet (in Kafka, in Spark, or in open windows). */
  inFlightRecords: number | null;
  lastWindow: number | null;
  lastWindowAt: string | null;
  /** Lines without a readable orbit so far: dropped, but in no window. */
  unwindowedMalformed: number;
  /** Spark batch times, Kafka lag and window latency, as the job and the consumer last reported them. */
  spark: SparkProgress | null;
}

export async function getPipelineStatus(runId: string): Promise<PipelineStatus> {
  const s = await getRunSummary(runId);
  const bufferStarted = s.buffer.updatedAt !== new Date(0).toISOString();
  return {
    at: new Date().toISOString(),
    runStatus: s.status,
    endedAt: s.endedAt,
    buffer: s.buffer,
    stored: s.totals,
    inFlightRecords: bufferStarted ? Math.max(0, s.buffer.recordsSent - s.totals.records) : null,
    lastWindow: s.lastWindow,
    lastWindowAt: s.lastWindowAt,
    unwindowedMalformed: s.unwindowedMalformed,
    spark: s.spark,
  };
}
