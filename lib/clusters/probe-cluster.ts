import { type ClusterSpec, hostsWithRole, kafkaBootstrap, sparkMasterUiOf } from "@/lib/clusters/cluster-spec";
import type { ClusterState } from "@/lib/generated/prisma/client";
import { logLevel } from "kafkajs";
import { kafkaClient } from "@/lib/kafka/client";
import { httpJson } from "@/lib/runtime/process";

export interface SparkMasterView {
  status: string;
  workers: { id: string; host: string; webuiaddress: string; state: string; cores: number }[];
  activeapps: { id: string; name: string; state: string; starttime: number }[];
}

export interface ClusterProbe {
  kafka: { reachable: boolean; topics: string[]; error?: string };
  sparkMaster: { alive: boolean; view?: SparkMasterView; error?: string };
  /** ALIVE workers the master lists, and how many the configuration has. */
  workers: { alive: number; expected: number };
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Kafka's view, quickly: one short attempt, so an unreachable broker answers in seconds. */
export async function probeKafka(spec: ClusterSpec): Promise<ClusterProbe["kafka"]> {
  const admin = kafkaClient("cosmo-probe", [kafkaBootstrap(spec)], {
    connectionTimeout: 2000,
    requestTimeout: 5000,
    retry: { retries: 1, initialRetryTime: 300 },
    // A broker that does not answer is the finding here, not an error to log.
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    await admin.describeCluster();
    return { reachable: true, topics: (await admin.listTopics()).sort() };
  } catch (error) {
    return { reachable: false, topics: [], error: reason(error) };
  } finally {
    await admin.disconnect().catch(() => {});
  }
}

export async function probeSparkMaster(spec: ClusterSpec): Promise<ClusterProbe["sparkMaster"]> {
  try {
    const view = await httpJson<SparkMasterView>(`${sparkMasterUiOf(spec)}/json`, 3000);
    return { alive: view.status === "ALIVE", view };
  } catch (error) {
    return { alive: false, error: reason(error) };
  }
}

/** Looks at the cluster itself: what answers, not what was last recorded. */
export async function probeCluster(spec: ClusterSpec): Promise<ClusterProbe> {
  const [kafka, sparkMaster] = await Promise.all([probeKafka(spec), probeSparkMaster(spec)]);
  const alive = sparkMaster.view?.workers.filter((w) => w.state === "ALIVE").length ?? 0;
  return { kafka, sparkMaster, workers: { alive, expected: hostsWithRole(spec, "spark-worker").length } };
}

/** The state a probe shows; `running` needs an open run besides. */
export function stateOf(probe: ClusterProbe, runOpen: boolean): ClusterState {
  const up = [probe.kafka.reachable, probe.sparkMaster.alive, probe.workers.alive >= probe.workers.expected];
  if (up.every(Boolean)) return runOpen ? "running" : "up";
  return up.some(Boolean) || probe.workers.alive > 0 ? "degraded" : "down";
}
