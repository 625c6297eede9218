import fs from "node:fs";
import { z } from "zod";

/** The few fields of Spark's StreamingQueryProgress JSON that the bench reads. */
const progressSchema = z.object({
  batchId: z.number(),
  timestamp: z.string(),
  numInputRows: z.number(),
  durationMs: z.record(z.string(), z.number()),
  /** The job's own split of addBatch (stream.py): collecting the batch's windows, which runs its stages, and sending them. */
  cosmo: z.object({ computeMs: z.number(), writeMs: z.number() }).nullish(),
  sources: z.array(z.object({ startOffset: z.unknown(), endOffset: z.unknown(), latestOffset: z.unknown() })),
});

export interface BatchProgress {
  batchId: number;
  /** When the trigger started, ms since the epoch. */
  startedAt: number;
  /** Kafka messages read (not records: a message holds many lines). */
  messages: number;
  durationMs: number;
  /**
   * Where the trigger's time went: Spark's phases (latestOffset, queryPlanning,
   * addBatch, walCommit, commitOffsets, ...), with addBatch split into the
   * job's computeMs and writeMs when it logged them.
   */
  phases: Record<string, number>;
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
      phases: { ...p.durationMs, ...(p.cosmo ? { "addBatch.compute": p.cosmo.computeMs, "addBatch.write": p.cosmo.writeMs } : {}) },
      // The job reads each partition as a source of its own.
      startOffset: p.sources.reduce((n, s) => n + sumOffsets(s.startOffset), 0),
      endOffset: p.sources.reduce((n, s) => n + sumOffsets(s.endOffset), 0),
      latestOffset: p.sources.reduce((n, s) => n + sumOffsets(s.latestOffset), 0),
    });
  }
  return batches;
}
