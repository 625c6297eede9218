import { type DetectorRecord, fieldOutOfRange } from "@/lib/detector/record";

/**
 * What a text line or a .dat word turned out to be, before any detector
 * setting applies (the valid HEAD value is the statistics' business, so a
 * parse never depends on configuration).
 *
 * - record: six integers within FIELD_LIMITS.
 * - invalid: not a record, but ORBIT_CNT is readable, so the line still
 *   belongs to a window. `head` is the HEAD value when that column is an
 *   integer: a HEAD other than the valid one makes it a HEAD drop (ancillary
 *   words carry non-integer last columns), otherwise it is malformed.
 * - unreadable: no readable orbit; counted per run, in no window.
 * - skip: blank line or header line; not counted anywhere.
 */
export type ParsedLine =
  | { kind: "record"; record: DetectorRecord }
  | { kind: "invalid"; orbit: number; head: number | undefined; reason: string }
  | { kind: "unreadable"; reason: string }
  | { kind: "skip" };

export const SKIP: ParsedLine = { kind: "skip" };

/** A record when every field is in range, else an invalid line naming the first bad field. */
export function fromFields(record: DetectorRecord): ParsedLine {
  const bad = fieldOutOfRange(record);
  if (bad === undefined) return { kind: "record", record };
  return { kind: "invalid", orbit: record.orbit, head: record.head, reason: `${bad} out of range (${record[bad]})` };
}
