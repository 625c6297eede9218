import { logLevel } from "kafkajs";
import { kafkaClient } from "@/lib/kafka/client";

/**
 * Records a consumer group still has to read on a topic: end offsets minus
 * its committed offsets (a partition it never committed counts from the start).
 */
export async function groupLag(brokers: string[], groupId: string, topic: string): Promise<number> {
  const admin = kafkaClient("cosmo-lag", brokers, { connectionTimeout: 2000, retry: { retries: 1 }, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
    const done = new Map((committed[0]?.partitions ?? []).map((p) => [p.partition, Number(p.offset)]));
    return ends.reduce((lag, p) => {
      const at = done.get(p.partition) ?? -1;
      return lag + Number(p.high) - (at < 0 ? Number(p.low) : at);
    }, 0);
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
