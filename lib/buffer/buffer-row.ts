import type { BufferCursor } from "@/lib/buffer/buffer-cursor";
import { START_CURSOR } from "@/lib/buffer/buffer-cursor";
import { db } from "@/lib/db";
import type { BufferState } from "@/lib/generated/prisma/client";

/** The row's copy of a cursor: PostgreSQL is the index of what Kafka holds. */
export async function readRowCursor(runId: string): Promise<BufferCursor> {
  const row = await db.bufferPosition.findUnique({ where: { runId } });
  if (!row) return START_CURSOR;
  return {
    object: row.objectKey,
    offset: Number(row.byteOffset),
    seq: Number(row.seq),
    records: Number(row.recordsSent),
    messages: row.messagesSent,
    orbit: Number(row.orbitRef),
  };
}

export interface BufferProgressUpdate {
  state: BufferState;
  cursor: BufferCursor;
  currentRate: number;
  totalBytes: number;
  bytesLeft: number;
  error?: string | null;
}

const columns = (u: BufferProgressUpdate) => ({
  state: u.state,
  objectKey: u.cursor.object,
  byteOffset: BigInt(u.cursor.offset),
  seq: BigInt(u.cursor.seq),
  recordsSent: BigInt(u.cursor.records),
  messagesSent: u.cursor.messages,
  orbitRef: BigInt(u.cursor.orbit),
  currentRate: u.currentRate,
  totalBytes: BigInt(u.totalBytes),
  bytesLeft: BigInt(u.bytesLeft),
  error: u.error ?? null,
});

/** Marks the buffer running from `cursor`; an explicit rate replaces the stored one. Returns the rate to apply. */
export async function startBufferRow(runId: string, update: BufferProgressUpdate, rate: number | undefined): Promise<number> {
  const row = await db.bufferPosition.upsert({
    where: { runId },
    create: { runId, ...columns(update), ...(rate === undefined ? {} : { rate }) },
    update: { ...columns(update), ...(rate === undefined ? {} : { rate }) },
    select: { rate: true },
  });
  return row.rate;
}

/**
 * Saves progress and returns the target rate, which the API may have changed
 * meanwhile. A fenced, older instance has a lower seq: its save is ignored.
 */
export async function saveBufferProgress(runId: string, update: BufferProgressUpdate): Promise<number | undefined> {
  await db.bufferPosition.updateMany({ where: { runId, seq: { lte: BigInt(update.cursor.seq) } }, data: columns(update) });
  const row = await db.bufferPosition.findUnique({ where: { runId }, select: { rate: true } });
  return row?.rate;
}
