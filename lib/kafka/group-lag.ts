import { logLevel } from "kafkajs";
import { kafkaClient } from "@/lib/kafka/client";

/** A partition's offsets as ListOffsets gives them (kafkajs: fetchTopicOffsets). */
export interface PartitionEnds {
  partition: number;
  low: string;
  high: string;
}

/**
 * Records a group still has to read on one topic: end offsets minus its
 * committed offsets (a partition it never committed counts from the start).
 */
export function lagOf(ends: PartitionEnds[], committed: { partition: number; offset: string }[]): number {
  const done = new Map(committed.map((p) => [p.partition, Number(p.offset)]));
  return ends.reduce((lag, p) => {
    const at = done.get(p.partition) ?? -1;
    return lag + Number(p.high) - (at < 0 ? Number(p.low) : at);
  }, 0);
}

/** A consumer group's lag on a topic, read from the brokers. */
export async function groupLag(brokers: string[], groupId: string, topic: string): Promise<number> {
  const admin = kafkaClient("cosmo-lag", brokers, { connectionTimeout: 2000, retry: { retries: 1 }, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
    return lagOf(ends, committed[0]?.partitions ?? []);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
