import type { TopicSpec } from "@/lib/kafka/topics";

/**
 * Each run replays into its own hits topic: the Spark job starts at its
 * beginning, and the buffer's position belongs to that topic alone.
 */
export function runHitsTopic(runId: string, partitions = 2): TopicSpec {
  return { name: `cosmo-hits-${runId}`, partitions, retentionMs: 24 * 3600_000 };
}
