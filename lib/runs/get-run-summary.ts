import { getBufferProgress, type BufferProgress } from "@/lib/buffer/get-buffer-progress";
import { db } from "@/lib/db";
import { detectorConfigSchema, type DetectorConfig } from "@/lib/detector/config";
import { readRunReference, type RunReference } from "@/lib/quality/run-reference";
import { readSparkProgress, type SparkProgress } from "@/lib/results/spark-progress";
import { getRunOrThrow } from "@/lib/runs/get-run-or-throw";
import { toRunListItem, type RunListItem } from "@/lib/runs/run-list-item";

export type BufferView = Omit<BufferProgress, "updatedAt"> & { updatedAt: string };

/** What a run's page opens with: the run, its sums so far, and where its buffer stands. */
export interface RunSummary extends RunListItem {
  detector: DetectorConfig;
  /** Lines without a readable orbit so far. */
  unwindowedMalformed: number;
  buffer: BufferView;
  /** Window numbers stored so far, and when the last one changed (null: none yet). */
  firstWindow: number | null;
  lastWindow: number | null;
  lastWindowAt: string | null;
  /** The Spark job's latest progress and window latency (null: none reported yet). */
  spark: SparkProgress | null;
  /** The cluster's reference in force when the run opened (null: none). */
  reference: RunReference | null;
}

export async function getRunSummary(runId: string): Promise<RunSummary> {
  const run = await getRunOrThrow(runId);
  const [cluster, buffer, span] = await Promise.all([
    run.clusterId ? db.clusterConfig.findUnique({ where: { id: run.clusterId }, select: { name: true } }) : null,
    getBufferProgress(runId),
    db.runWindow.aggregate({ where: { runId }, _min: { window: true }, _max: { window: true, updatedAt: true } }),
  ]);
  return {
    ...toRunListItem({ ...run, cluster, buffer }),
    // Stored documents were validated at creation; parsing again fills defaults of older ones.
    detector: detectorConfigSchema.parse(run.detector),
    unwindowedMalformed: run.unwindowedMalformed,
    buffer: { ...buffer, updatedAt: buffer.updatedAt.toISOString() },
    firstWindow: span._min.window,
    lastWindow: span._max.window,
    lastWindowAt: span._max.updatedAt?.toISOString() ?? null,
    spark: readSparkProgress(run.sparkProgress),
    reference: readRunReference(run.reference),
  };
}
