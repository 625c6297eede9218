import { z } from "zod";
import { NO_ORBIT } from "@/lib/detector/extended-orbit";

/**
 * Where a buffer stands after its last committed message: the next line starts
 * at `offset` in `object` (or in the object after it, when that one is done).
 */
export interface BufferCursor {
  object: string;
  offset: number;
  /** Sequence number of the last committed message; 0 before the first. */
  seq: number;
  records: number;
  messages: number;
  /**
   * Extended orbit of the last line with a readable orbit sent so far
   * (NO_ORBIT before the first): a resumed buffer goes on extending from it,
   * so a killed buffer puts the same orbit references on its messages.
   */
  orbit: number;
}

export const START_CURSOR: BufferCursor = { object: "", offset: 0, seq: 0, records: 0, messages: 0, orbit: NO_ORBIT };

/** Of two cursors of the same run, the one further on: seq grows by one per message. */
export function laterCursor(a: BufferCursor, b: BufferCursor): BufferCursor {
  return b.seq > a.seq ? b : a;
}

// Short keys: Kafka caps offset metadata at 4 KiB (offset.metadata.max.bytes), and an S3 key may take 1 KiB.
const wireSchema = z.object({
  o: z.string(),
  b: z.number().int().nonnegative(),
  s: z.number().int().nonnegative(),
  r: z.number().int().nonnegative(),
  m: z.number().int().nonnegative(),
  // Absent in cursors written before the orbit was followed.
  x: z.number().int().min(NO_ORBIT).default(NO_ORBIT),
});

export function encodeCursor(c: BufferCursor): string {
  return JSON.stringify({ o: c.object, b: c.offset, s: c.seq, r: c.records, m: c.messages, x: c.orbit });
}

/** null for anything that is not a cursor this code wrote. */
export function decodeCursor(text: string | null | undefined): BufferCursor | null {
  if (!text) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = wireSchema.safeParse(json);
  if (!parsed.success) return null;
  const { o, b, s, r, m, x } = parsed.data;
  return { object: o, offset: b, seq: s, records: r, messages: m, orbit: x };
}
