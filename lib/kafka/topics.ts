import type { ITopicConfig } from "kafkajs";
import { kafkaClient } from "@/lib/kafka/client";

export interface TopicSpec {
  name: string;
  partitions: number;
  retentionMs: number;
  retentionBytes?: number;
  replicationFactor?: number;
  /** Copies an acks=all write waits for; the broker's default when absent. */
  minInsyncReplicas?: number;
}

const HOUR = 3_600_000;

export const defaultTopics: TopicSpec[] = [
  { name: "cosmo-hits", partitions: 2, retentionMs: 24 * HOUR },
  { name: "cosmo-results", partitions: 1, retentionMs: 7 * 24 * HOUR },
];

function topicConfig(spec: TopicSpec): ITopicConfig {
  const configEntries = [{ name: "retention.ms", value: String(spec.retentionMs) }];
  if (spec.retentionBytes !== undefined) configEntries.push({ name: "retention.bytes", value: String(spec.retentionBytes) });
  if (spec.minInsyncReplicas !== undefined) configEntries.push({ name: "min.insync.replicas", value: String(spec.minInsyncReplicas) });
  return { topic: spec.name, numPartitions: spec.partitions, replicationFactor: spec.replicationFactor ?? 1, configEntries };
}

/** Creates the topics that are missing; existing topics keep their partitions and settings. */
export async function ensureTopics(specs: TopicSpec[], brokers?: string[]): Promise<void> {
  const admin = kafkaClient("cosmo-topics", brokers).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.name));
    // One call per topic: kafkajs tolerates "already exists" (a concurrent creator won) only
    // when every topic of the call got it.
    for (const spec of missing) await admin.createTopics({ topics: [topicConfig(spec)], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

export async function deleteTopics(names: string[], brokers?: string[]): Promise<void> {
  const admin = kafkaClient("cosmo-topics", brokers).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const present = names.filter((n) => existing.has(n));
    if (present.length > 0) await admin.deleteTopics({ topics: present });
  } finally {
    await admin.disconnect();
  }
}
