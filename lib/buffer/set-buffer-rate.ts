import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import { getRunOrThrow } from "@/lib/runs/get-run-or-throw";

/**
 * Sets a run's buffer rate in records/s (0 = as fast as possible). A running
 * buffer applies it within about a second; one not started yet starts with it.
 */
export async function setBufferRate(runId: string, rate: number): Promise<void> {
  if (!Number.isInteger(rate) || rate < 0 || rate > 100_000_000) {
    throw new CosmoError("BAD_REQUEST", "rate must be a whole number of records/s, 0 for as fast as possible");
  }
  await getRunOrThrow(runId);
  await db.bufferPosition.upsert({ where: { runId }, create: { runId, rate }, update: { rate } });
}
