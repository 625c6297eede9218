import { db } from "@/lib/db";
import type { BufferState } from "@/lib/generated/prisma/client";
import { getRunOrThrow } from "@/lib/runs/get-run-or-throw";

/** What the UI shows of a buffer; plain numbers, ready for JSON. */
export interface BufferProgress {
  runId: string;
  state: BufferState;
  /** Target records/s, 0 = as fast as possible. */
  rate: number;
  /** Measured records/s over the last few seconds. */
  currentRate: number;
  recordsSent: number;
  messagesSent: number;
  currentObject: string;
  byteOffset: number;
  totalBytes: number;
  bytesLeft: number;
  error: string | null;
  updatedAt: Date;
}

/** BufferPosition.rate's default in prisma/schema.prisma. */
const DEFAULT_RATE = 1000;

/** A run whose buffer never started reports an idle buffer at the beginning. */
export async function getBufferProgress(runId: string): Promise<BufferProgress> {
  await getRunOrThrow(runId);
  const row = await db.bufferPosition.findUnique({ where: { runId } });
  if (!row) {
    return {
      runId, state: "idle", rate: DEFAULT_RATE, currentRate: 0, recordsSent: 0, messagesSent: 0, currentObject: "",
      byteOffset: 0, totalBytes: 0, bytesLeft: 0, error: null, updatedAt: new Date(0),
    };
  }
  return {
    runId,
    state: row.state,
    rate: row.rate,
    currentRate: row.currentRate,
    recordsSent: Number(row.recordsSent),
    messagesSent: row.messagesSent,
    currentObject: row.objectKey,
    byteOffset: Number(row.byteOffset),
    totalBytes: Number(row.totalBytes),
    bytesLeft: Number(row.bytesLeft),
    error: row.error,
    updatedAt: row.updatedAt,
  };
}
