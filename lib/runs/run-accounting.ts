import { getBufferProgress } from "@/lib/buffer/get-buffer-progress";
import { db } from "@/lib/db";
import { headerLinesSent } from "@/lib/runs/header-lines-sent";
import { committedHitsOffsets, recordsUnread } from "@/lib/runs/records-processed";
import { runSourceSchema } from "@/lib/runs/run-source";
import { isS3aUri } from "@/lib/spark/s3a-checkpoint";

export interface RunAccounting {
  /** Records the buffer committed to the hits topic (text objects' header lines left out). */
  sent: number;
  /**
   * Records the Spark job read and committed (its checkpoint): those sent
   * less those left unread in the hits topic. Null when that could not be
   * told (the topic's tail did not answer, or the checkpoint is on S3).
   */
  processed: number | null;
  /** Records in the stored windows, plus those without a readable orbit. */
  stored: number;
  /** Whether the buffer reached the end of its input. */
  inputComplete: boolean;
  bytesLeft: number;
  /** What was lost, in words; null when every input record was sent and stored. */
  loss: string | null;
}

/**
 * Compares what went in with what came out, for a run that is closing; `brokers`: the run's Kafka, for the
 * records the job left unread; `checkpointBase`: the cluster's `spark.checkpoint` (empty: COSMO_HOME's).
 */
export async function runAccounting(runId: string, brokers: string[], checkpointBase = ""): Promise<RunAccounting> {
  const buffer = await getBufferProgress(runId);
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { totals: true, unwindowedMalformed: true, source: true } });
  const stored = Number((run.totals as { records?: number }).records ?? 0) + run.unwindowedMalformed;
  const inputComplete = buffer.state === "completed";
  const source = runSourceSchema.parse(run.source);
  // Header lines are only counted on COSMO's own S3; elsewhere the buffer's count stands as it is.
  const headers = source.endpoint ? 0 : await headerLinesSent(source.bucket, source.prefix, { object: buffer.currentObject, offset: buffer.byteOffset }, inputComplete).catch(() => 0);
  const sent = buffer.recordsSent - headers;
  const processed = await recordsProcessed(runId, brokers, sent, checkpointBase);
  const losses = [
    ...(inputComplete ? [] : [`the input was not all sent (${buffer.bytesLeft} bytes left${buffer.currentObject ? ` in and after ${buffer.currentObject}` : ""})`]),
    ...(processed !== null && processed < sent ? [`${sent - processed} of ${sent} records sent were never processed by the Spark job`] : []),
    ...(processed !== null && stored < processed ? [`${processed - stored} of ${processed} records processed were never stored`] : []),
    ...(processed === null && stored < sent ? [`${sent - stored} of ${sent} records sent were never stored`] : []),
  ];
  const figures = `${sent} sent, ${processed ?? "unknown"} processed, ${stored} stored`;
  return { sent, processed, stored, inputComplete, bytesLeft: buffer.bytesLeft, loss: losses.length ? `${losses.join("; ")}: ${figures}` : null };
}

async function recordsProcessed(runId: string, brokers: string[], sent: number, checkpointBase: string): Promise<number | null> {
  // Spark's commit files on S3 are not read here: the count is then unknown, and the loss is told as sent against stored.
  if (isS3aUri(checkpointBase)) return null;
  try {
    const committed = await committedHitsOffsets(runId, checkpointBase || undefined);
    if (!committed) return 0;
    const unread = await recordsUnread(brokers, committed);
    return unread === null ? null : Math.max(0, sent - unread);
  } catch (error) {
    console.error(`records processed by the Spark job of run ${runId} could not be counted`, error);
    return null;
  }
}
