import type { Admin } from "kafkajs";
import { lagOf, type PartitionEnds } from "@/lib/kafka/group-lag";
import { isTailGroup } from "@/lib/kafka/tail-group";

export interface BrokerView {
  nodeId: number;
  host: string;
  port: number;
  controller: boolean;
}

export interface PartitionView {
  partition: number;
  /** The leader's broker id; -1 while the partition has none (offline). */
  leader: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  earliest: number;
  latest: number;
  /** Fewer in-sync replicas than replicas: a broker is down or behind. */
  underReplicated: boolean;
}

export interface TopicView {
  name: string;
  /** Kafka's own topics (`__consumer_offsets`, `__transaction_state`). */
  internal: boolean;
  partitions: PartitionView[];
  /** Offsets still held (latest minus earliest, summed; transaction markers included). */
  offsets: number;
  underReplicated: number;
}

export interface GroupView {
  groupId: string;
  state: string;
  protocolType: string;
  members: number;
  /** Per topic the group committed offsets on: what it still has to read. */
  lag: { topic: string; lag: number }[];
}

export interface KafkaOverview {
  clusterId: string;
  controllerId: number | null;
  brokers: BrokerView[];
  topics: TopicView[];
  groups: GroupView[];
}

async function topicViews(admin: Admin): Promise<{ topics: TopicView[]; ends: Map<string, PartitionEnds[]> }> {
  const names = (await admin.listTopics()).sort();
  if (!names.length) return { topics: [], ends: new Map() };
  const [{ topics: metadata }, offsets] = await Promise.all([
    admin.fetchTopicMetadata({ topics: names }),
    Promise.all(names.map(async (name) => [name, await admin.fetchTopicOffsets(name)] as const)),
  ]);
  const ends = new Map<string, PartitionEnds[]>(offsets);
  const topics = metadata
    .map((t): TopicView => {
      const byPartition = new Map((ends.get(t.name) ?? []).map((p) => [p.partition, p]));
      const partitions = t.partitions
        .map((p) => {
          const at = byPartition.get(p.partitionId);
          return {
            partition: p.partitionId,
            leader: p.leader,
            replicas: p.replicas,
            isr: p.isr,
            offlineReplicas: p.offlineReplicas ?? [],
            earliest: Number(at?.low ?? 0),
            latest: Number(at?.high ?? 0),
            underReplicated: p.isr.length < p.replicas.length,
          };
        })
        .sort((a, b) => a.partition - b.partition);
      return {
        name: t.name,
        internal: t.name.startsWith("__"),
        partitions,
        offsets: partitions.reduce((n, p) => n + p.latest - p.earliest, 0),
        underReplicated: partitions.filter((p) => p.underReplicated).length,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  return { topics, ends };
}

async function groupViews(admin: Admin, ends: Map<string, PartitionEnds[]>): Promise<GroupView[]> {
  const ids = (await admin.listGroups()).groups.map((g) => g.groupId).filter((id) => !isTailGroup(id));
  if (!ids.length) return [];
  const { groups } = await admin.describeGroups(ids);
  const views = await Promise.all(
    groups.map(async (g): Promise<GroupView> => {
      // No topics named: every topic the group committed offsets on.
      const committed = await admin.fetchOffsets({ groupId: g.groupId });
      const lag = committed
        .filter((t) => ends.has(t.topic))
        .map((t) => ({ topic: t.topic, lag: lagOf(ends.get(t.topic)!, t.partitions) }))
        .sort((a, b) => a.topic.localeCompare(b.topic));
      return { groupId: g.groupId, state: g.state, protocolType: g.protocolType, members: g.members.length, lag };
    }),
  );
  return views.sort((a, b) => a.groupId.localeCompare(b.groupId));
}

/**
 * Kafka as an operator reads it: the brokers and which is the controller,
 * every topic's partitions with leader, replicas, in-sync replicas and
 * offsets, and the consumer groups (COSMO's own tails left out) with their lag.
 */
export async function kafkaOverview(admin: Admin): Promise<KafkaOverview> {
  const cluster = await admin.describeCluster();
  const { topics, ends } = await topicViews(admin);
  const groups = await groupViews(admin, ends);
  const brokers = cluster.brokers
    .map((b) => ({ nodeId: b.nodeId, host: b.host, port: b.port, controller: b.nodeId === cluster.controller }))
    .sort((a, b) => a.nodeId - b.nodeId);
  return { clusterId: cluster.clusterId, controllerId: cluster.controller, brokers, topics, groups };
}
