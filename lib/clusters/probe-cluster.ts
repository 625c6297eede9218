import { z } from "zod";
import { type ClusterSpec, type HostSpec, hostsWithRole, kafkaBootstrap, kafkaBrokersOf, kafkaNodeIdOf, sparkMasterUiOf, topicNameSchema } from "@/lib/clusters/cluster-spec";
import type { ClusterState } from "@/lib/generated/prisma/client";
import { logLevel } from "kafkajs";
import { kafkaClient } from "@/lib/kafka/client";

/**
 * What a probe takes from the Spark master's JSON, each value held to the
 * form Spark gives it: whatever answers on a configured port may be another
 * service, and nothing it says reaches an API answer or a routine's output
 * unless it has the shape of what a Spark master says.
 */
const sparkId = z.string().regex(/^[A-Za-z0-9._:-]{1,200}$/);
const sparkState = z.string().regex(/^[A-Z_]{1,40}$/);
const sparkMasterViewSchema = z.object({
  status: sparkState,
  workers: z.array(z.object({ id: sparkId, host: sparkId, webuiaddress: z.string().max(300), state: sparkState, cores: z.number().int() })),
  activeapps: z.array(z.object({ id: sparkId, name: z.string().max(300), state: sparkState, starttime: z.number() })),
});

export type SparkMasterView = z.infer<typeof sparkMasterViewSchema>;

/** A configured broker and whether the cluster's metadata lists it live (a fenced or lost broker is not). */
export interface KafkaBrokerState {
  host: string;
  nodeId: number;
  address: string;
  up: boolean;
}

/** A partition with fewer in-sync replicas than replicas: a broker is lost or catching up. */
export interface UnderReplicated {
  topic: string;
  partition: number;
  replicas: number;
  inSync: number;
}

export interface ClusterProbe {
  /** `error` is COSMO's own words, never what the other side answered. */
  kafka: { reachable: boolean; topics: string[]; error?: string; brokers: KafkaBrokerState[]; underReplicated: UnderReplicated[] };
  sparkMaster: { alive: boolean; view?: SparkMasterView; error?: string };
  /** ALIVE workers the master lists, and how many the configuration has. */
  workers: { alive: number; expected: number };
}

const isTopicName = (name: string) => topicNameSchema.safeParse(name).success;

const brokerStates = (spec: ClusterSpec, live: Set<number>): KafkaBrokerState[] =>
  hostsWithRole(spec, "kafka-broker").map((h) => ({ host: h.name, nodeId: kafkaNodeIdOf(spec, h), address: `${h.address}:${h.ports.kafka}`, up: live.has(kafkaNodeIdOf(spec, h)) }));

/** One broker's view of the cluster, asked of it alone: one short attempt, so a lost broker answers in seconds. */
async function probeThrough(spec: ClusterSpec, broker: string): Promise<ClusterProbe["kafka"]> {
  const admin = kafkaClient("cosmo-probe", [broker], {
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 1, initialRetryTime: 300 },
    // A broker that does not answer is the finding here, not an error to log.
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const live = new Set((await admin.describeCluster()).brokers.map((b) => b.nodeId));
    const topics = (await admin.listTopics()).filter(isTopicName).sort();
    const meta = topics.length ? (await admin.fetchTopicMetadata({ topics })).topics : [];
    const underReplicated = meta.flatMap((t) =>
      t.partitions.filter((p) => p.isr.length < p.replicas.length).map((p) => ({ topic: t.name, partition: p.partitionId, replicas: p.replicas.length, inSync: p.isr.length })),
    );
    return { reachable: true, topics, brokers: brokerStates(spec, live), underReplicated };
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

/**
 * Kafka's view, quickly: asked of each broker in turn until one answers, so
 * a lost broker of a quorum (still in the others' metadata for a few seconds)
 * never hides the ones that carry on.
 */
export async function probeKafka(spec: ClusterSpec): Promise<ClusterProbe["kafka"]> {
  for (const broker of kafkaBrokersOf(spec)) {
    try {
      return await probeThrough(spec, broker);
    } catch {
      // the next broker
    }
  }
  return { reachable: false, topics: [], error: `no Kafka broker answers at ${kafkaBootstrap(spec)}`, brokers: brokerStates(spec, new Set()), underReplicated: [] };
}

export async function probeSparkMaster(spec: ClusterSpec): Promise<ClusterProbe["sparkMaster"]> {
  // The JSON's own address: the master redirects /json there, and a probe follows no redirect elsewhere.
  const url = `${sparkMasterUiOf(spec)}/json/`;
  const down = { alive: false, error: `no Spark master answers at ${url}` };
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(3000), redirect: "error" });
    if (!res.ok) return down;
    const view = sparkMasterViewSchema.safeParse(await res.json());
    return view.success ? { alive: view.data.status === "ALIVE", view: view.data } : down;
  } catch {
    return down;
  }
}

/** The ALIVE worker the master lists for a worker host (its address and worker UI port), if any. */
export const workerOnMaster = (view: SparkMasterView | undefined, host: HostSpec) =>
  view?.workers.find((w) => w.state === "ALIVE" && w.host === host.address && w.webuiaddress.endsWith(`:${host.ports.sparkWorkerUi}`));

/** Hosts whose broker the cluster does not list, or whose Spark worker the master does not: lost, for now. */
export function lostHosts(spec: ClusterSpec, kafka: ClusterProbe["kafka"], master: ClusterProbe["sparkMaster"]): string[] {
  const brokers = kafka.reachable ? kafka.brokers.filter((b) => !b.up).map((b) => b.host) : [];
  const workers = master.alive ? hostsWithRole(spec, "spark-worker").filter((h) => !workerOnMaster(master.view, h)).map((h) => h.name) : [];
  return [...new Set([...brokers, ...workers])];
}

/** Looks at the cluster itself: what answers, not what was last recorded. */
export async function probeCluster(spec: ClusterSpec): Promise<ClusterProbe> {
  const [kafka, sparkMaster] = await Promise.all([probeKafka(spec), probeSparkMaster(spec)]);
  const alive = sparkMaster.view?.workers.filter((w) => w.state === "ALIVE").length ?? 0;
  return { kafka, sparkMaster, workers: { alive, expected: hostsWithRole(spec, "spark-worker").length } };
}

/** The state a probe shows; `running` needs an open run besides. */
export function stateOf(probe: ClusterProbe, runOpen: boolean): ClusterState {
  const everyBroker = probe.kafka.reachable && probe.kafka.brokers.every((b) => b.up);
  const up = [everyBroker, probe.sparkMaster.alive, probe.workers.alive >= probe.workers.expected];
  if (up.every(Boolean)) return runOpen ? "running" : "up";
  return up.some(Boolean) || probe.workers.alive > 0 || probe.kafka.reachable ? "degraded" : "down";
}
