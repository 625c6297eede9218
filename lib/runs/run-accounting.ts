import { getBufferProgress } from "@/lib/buffer/get-buffer-progress";
import { db } from "@/lib/db";
import { headerLinesSent } from "@/lib/runs/header-lines-sent";
import { runSourceSchema } from "@/lib/runs/run-source";

export interface RunAccounting {
  /** Records the buffer committed to the hits topic (text objects' header lines left out). */
  sent: number;
  /** Records in the stored windows, plus those without a readable orbit. */
  stored: number;
  /** Whether the buffer reached the end of its input. */
  inputComplete: boolean;
  bytesLeft: number;
  /** What was lost, in words; null when every input record was sent and stored. */
  loss: string | null;
}

/** Compares what went in with what came out, for a run that is closing. */
export async function runAccounting(runId: string): Promise<RunAccounting> {
  const buffer = await getBufferProgress(runId);
  const run = await db.run.findUniqueOrThrow({ where: { id: runId }, select: { totals: true, unwindowedMalformed: true, source: true } });
  const stored = Number((run.totals as { records?: number }).records ?? 0) + run.unwindowedMalformed;
  const inputComplete = buffer.state === "completed";
  const source = runSourceSchema.parse(run.source);
  // Header lines are only counted on COSMO's own S3; elsewhere the buffer's count stands as it is.
  const headers = source.endpoint ? 0 : await headerLinesSent(source.bucket, source.prefix, { object: buffer.currentObject, offset: buffer.byteOffset }, inputComplete).catch(() => 0);
  const sent = buffer.recordsSent - headers;
  const losses = [
    ...(inputComplete ? [] : [`the input was not all sent (${buffer.bytesLeft} bytes left${buffer.currentObject ? ` in and after ${buffer.currentObject}` : ""})`]),
    ...(stored < sent ? [`${sent - stored} of ${sent} records sent were never stored`] : []),
  ];
  return { sent, stored, inputComplete, bytesLeft: buffer.bytesLeft, loss: losses.length ? `${losses.join("; ")}: ${sent} sent, ${stored} stored` : null };
}
