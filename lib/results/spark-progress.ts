import { z } from "zod";
import type { ProgressResult } from "@/lib/results/schema";

/**
 * What `run.spark_progress` holds: the job's latest progress message plus the
 * window latency the consumer measured from it (stored `received_at` minus the
 * Kafka time of the window's last record). Latency fields stay from the last
 * message that closed a window.
 */
export const sparkProgressSchema = z.object({
  at: z.string(),
  batchMs: z.number(),
  batchP50Ms: z.number(),
  kafkaLagOffsets: z.number().nullable(),
  windowLatencyMs: z.number().nullable().default(null),
  latencyWindow: z.number().nullable().default(null),
});

export type SparkProgress = z.infer<typeof sparkProgressSchema>;

/** The stored JSON, or null when there is none yet (or it is of an older shape). */
export function readSparkProgress(json: unknown): SparkProgress | null {
  const parsed = sparkProgressSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}

/** The fields a progress message sets; the latency only when it closed a window that is stored. */
export function sparkProgressUpdate(m: ProgressResult, latency: { window: number; ms: number } | undefined): Partial<SparkProgress> {
  return {
    at: m.at,
    batchMs: m.batchMs,
    batchP50Ms: m.batchP50Ms,
    kafkaLagOffsets: m.kafkaLagOffsets,
    ...(latency ? { windowLatencyMs: latency.ms, latencyWindow: latency.window } : {}),
  };
}
