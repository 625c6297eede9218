import path from "node:path";
import { type ClusterSpec, kafkaBootstrap, sparkMasterUrlOf } from "@/lib/clusters/cluster-spec";
import { childEnv, repoRoot } from "@/lib/env";
import { isAlive, readPid, spawnDaemon, stopDaemon, tailLog } from "@/lib/runtime/process";
import { statsJobArgs, ensureStatsJobPython } from "@/lib/spark/stats-job";
import { sparkSubmitArgs } from "@/lib/spark/submit";
import type { DetectorConfig } from "@/lib/detector/config";

/**
 * The processes of a run that live beside COSMO itself: the Spark driver
 * (client mode, so its log and checkpoint stay here) and the cluster's
 * results consumer. Daemons with pid files: they outlive a routine worker
 * restart, and halt finds them by name.
 */
export const statsJobDaemon = (runId: string) => `stats-job-${runId}`;
export const consumerDaemon = (clusterId: string) => `consumer-${clusterId}`;
export const bufferDaemon = (runId: string) => `buffer-${runId}`;
// The name workers/spark/stats_job.py gives its streaming session.
export const sparkAppName = (runId: string) => `cosmo-stats ${runId}`;

export const runHitsTopicName = (spec: ClusterSpec, runId: string) => `${spec.kafka.hitsTopicPrefix}-${runId}`;

export const daemonAlive = (name: string) => isAlive(readPid(name));

export async function startStatsJob(spec: ClusterSpec, runId: string, detector: DetectorConfig): Promise<void> {
  if (daemonAlive(statsJobDaemon(runId))) return;
  await ensureStatsJobPython();
  const job = statsJobArgs({
    mode: "stream",
    runId,
    detector,
    hitsTopic: runHitsTopicName(spec, runId),
    resultsTopic: spec.kafka.resultsTopic,
    bootstrap: kafkaBootstrap(spec),
    master: sparkMasterUrlOf(spec),
    triggerMs: spec.spark.triggerMs,
    conf: {
      "spark.executor.cores": String(spec.spark.executorCores),
      "spark.executor.memory": spec.spark.executorMemory,
      "spark.sql.shuffle.partitions": String(spec.spark.shufflePartitions),
    },
  });
  const { command, args, env } = sparkSubmitArgs(job);
  spawnDaemon({ name: statsJobDaemon(runId), command, args, env });
}

export function startConsumer(spec: ClusterSpec, clusterId: string): void {
  const name = consumerDaemon(clusterId);
  if (daemonAlive(name)) return;
  spawnDaemon({
    name,
    command: process.execPath,
    args: [
      "--import", "tsx", path.join(repoRoot, "workers", "consumer.ts"),
      "--topic", spec.kafka.resultsTopic,
      // One group per cluster: a restarted consumer resumes where the last one committed.
      "--group-id", `cosmo-consumer-${clusterId}`,
    ],
    cwd: repoRoot,
    env: childEnv({ TSX_TSCONFIG_PATH: path.join(repoRoot, "tsconfig.json"), COSMO_KAFKA_BOOTSTRAP: kafkaBootstrap(spec) }),
  });
}

export const stopLocalDaemon = (name: string) => stopDaemon(name, { graceMs: 15_000 });

export const daemonLogTail = (name: string, lines = 20) => tailLog(name, lines);
