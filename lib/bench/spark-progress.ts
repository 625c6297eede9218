import fs from "node:fs";
import { z } from "zod";

/** The few fields of Spark's StreamingQueryProgress JSON that the bench reads. */
const progressSchema = z.object({
  batchId: z.number(),
  timestamp: z.string(),
  numInputRows: z.number(),
  durationMs: z.object({ triggerExecution: z.number().optional() }).partial(),
  sources: z.array(z.object({ startOffset: z.unknown(), endOffset: z.unknown(), latestOffset: z.unknown() })),
});

export interface BatchProgress {
  batchId: number;
  /** When the trigger started, ms since the epoch. */
  startedAt: number;
  /** Kafka messages read (not records: a message holds many lines). */
  messages: number;
  durationMs: number;
  /** Offsets of the hits topic, summed over partitions: where the batch started reading, */
  startOffset: number;
  /** where it stopped (maxOffsetsPerTrigger may stop it early), */
  endOffset: number;
  /** and how far the topic went when the batch was planned. */
  latestOffset: number;
}

/** Sum over partitions of a Kafka source offset: {"topic": {"0": n, "1": m}}. */
function sumOffsets(offset: unknown): number {
  // Spark writes it as nested JSON; older versions as a string of JSON.
  if (typeof offset === "string") return sumOffsets(JSON.parse(offset));
  if (!offset || typeof offset !== "object") return 0;
  let sum = 0;
  for (const partitions of Object.values(offset as Record<string, Record<string, number>>)) {
    for (const n of Object.values(partitions)) sum += Number(n);
  }
  return sum;
}

/** The micro-batches logged so far (the job appends a line per batch every half second). */
export function readSparkProgress(file: string): BatchProgress[] {
  if (!fs.existsSync(file)) return [];
  const batches: BatchProgress[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const parsed = progressSchema.safeParse(JSON.parse(line));
    if (!parsed.success) continue;
    const p = parsed.data;
    batches.push({
      batchId: p.batchId,
      startedAt: Date.parse(p.timestamp),
      messages: p.numInputRows,
      durationMs: p.durationMs.triggerExecution ?? 0,
      // The job reads each partition as a source of its own.
      startOffset: p.sources.reduce((n, s) => n + sumOffsets(s.startOffset), 0),
      endOffset: p.sources.reduce((n, s) => n + sumOffsets(s.endOffset), 0),
      latestOffset: p.sources.reduce((n, s) => n + sumOffsets(s.latestOffset), 0),
    });
  }
  return batches;
}
