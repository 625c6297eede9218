import { z } from "zod";
import { type ClusterSpec, hostsWithRole, topicNameSchema } from "@/lib/clusters/cluster-spec";
import { getClusterOrThrow } from "@/lib/clusters/get-cluster-or-throw";
import { CosmoError } from "@/lib/errors";
import { withKafkaAdmin } from "@/lib/kafka/kafka-admin";
import { kafkaOverview, type KafkaOverview } from "@/lib/kafka/kafka-overview";
import type { PartitionEnds } from "@/lib/kafka/group-lag";

/** Every broker a configuration names: any of them may answer the first request. */
export const kafkaBrokersOf = (spec: ClusterSpec) => hostsWithRole(spec, "kafka-broker").map((h) => `${h.address}:${h.ports.kafka}`);

export const topicParamsSchema = z.object({ name: z.string().describe("the cluster's name (or id)"), topic: topicNameSchema.describe("a topic of the cluster's Kafka") });

export type ClusterKafka = KafkaOverview & {
  cluster: string;
  bootstrap: string[];
  /** Brokers the configuration names that the cluster does not list as alive (by their advertised host:port). */
  absent: string[];
};

/** What a cluster's Kafka holds now (brokers, topics, groups with lag); 503 naming the brokers when none answers. */
export async function getClusterKafkaOrThrow(clusterName: string): Promise<ClusterKafka> {
  const cluster = await getClusterOrThrow(clusterName);
  const bootstrap = kafkaBrokersOf(cluster.spec);
  const overview = await withKafkaAdmin(bootstrap, kafkaOverview);
  const alive = new Set(overview.brokers.map((b) => `${b.host}:${b.port}`));
  return { cluster: cluster.name, bootstrap, absent: bootstrap.filter((b) => !alive.has(b)), ...overview };
}

/** A topic's partition offsets now; 404 when the cluster's Kafka has no such topic. */
export async function getTopicEndsOrThrow(brokers: string[], clusterName: string, topic: string): Promise<PartitionEnds[]> {
  return withKafkaAdmin(brokers, async (admin) => {
    if (!(await admin.listTopics()).includes(topic)) throw new CosmoError("NOT_FOUND", `topic "${topic}" not found on cluster "${clusterName}"`);
    return admin.fetchTopicOffsets(topic);
  });
}
