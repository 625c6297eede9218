import path from "node:path";
import { type ClusterSpec, hostWithRole, hostsWithRole, kafkaBootstrap, sparkMasterUrlOf } from "@/lib/clusters/cluster-spec";
import { clusterDatabaseUrl, databaseUrl } from "@/lib/database-url";
import { childEnv, clusterAddress, env as cosmoEnv, repoRoot } from "@/lib/env";
import { clusterS3Endpoint, s3Endpoint } from "@/lib/s3/client";
import { s3Credentials } from "@/lib/s3/credentials";
import { getS3CredentialsOrThrow } from "@/lib/secrets/get-secret-value";
import { isAlive, readPid, spawnDaemon, stopDaemon, tailLog } from "@/lib/runtime/process";
import { homeDir, privateDir } from "@/lib/runtime/paths";
import { isS3aUri, writeS3aProperties } from "@/lib/spark/s3a-checkpoint";
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

/** Executors on other hosts reach this machine (S3, the driver) at COSMO_CLUSTER_ADDRESS. */
const workersRemote = (spec: ClusterSpec) => hostsWithRole(spec, "spark-worker").some((h) => !h.local);

/** The run's checkpoint base, and for one on S3 the 0600 file with how to reach it. */
async function statsCheckpoint(spec: ClusterSpec, runId: string): Promise<{ checkpointBase?: string; s3aPropertiesFile?: string }> {
  const base = spec.spark.checkpoint;
  if (!base) return {};
  if (!isS3aUri(base)) return { checkpointBase: base };
  const credentials = spec.buffer.credentialsSecret ? await getS3CredentialsOrThrow(spec.buffer.credentialsSecret) : s3Credentials();
  const file = writeS3aProperties(path.join(privateDir(homeDir("run")), `${statsJobDaemon(runId)}.properties`), {
    endpoint: spec.buffer.s3Endpoint || (workersRemote(spec) ? clusterS3Endpoint() : s3Endpoint()),
    region: cosmoEnv.S3_REGION,
    credentials,
  });
  return { checkpointBase: base, s3aPropertiesFile: file };
}

export async function startStatsJob(spec: ClusterSpec, runId: string, detector: DetectorConfig): Promise<void> {
  if (daemonAlive(statsJobDaemon(runId))) return;
  await ensureStatsJobPython();
  const job = statsJobArgs({
    ...(await statsCheckpoint(spec, runId)),
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
      // The windows' state partitions: fixed by the run's checkpoint once started.
      "spark.sql.shuffle.partitions": String(spec.spark.shufflePartitions),
      // The executors connect back to the driver (and its block manager): where they can reach it.
      ...(workersRemote(spec) && { "spark.driver.host": clusterAddress(), "spark.driver.bindAddress": clusterAddress() }),
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

export interface BufferSource {
  bucket: string;
  prefix: string;
}

/**
 * `cosmo worker start` for a run's buffer on the buffer host, with what it
 * must reach (database, S3) as variables of the script, never of a command
 * line. The run routine starts it; the supervisor restarts it the same way.
 */
export async function bufferStartCommand(spec: ClusterSpec, runId: string, source: BufferSource, rate: number): Promise<{ args: string[]; env: Record<string, string> }> {
  const credentials = spec.buffer.credentialsSecret
    ? await getS3CredentialsOrThrow(spec.buffer.credentialsSecret)
    : s3Credentials();
  const local = hostWithRole(spec, "buffer").local;
  return {
    args: ["worker", "start", bufferDaemon(runId), "buffer", "--run-id", runId, "--bucket", source.bucket, "--prefix", source.prefix, "--topic", runHitsTopicName(spec, runId), "--rate", String(rate)],
    env: {
      DATABASE_URL: local ? databaseUrl() : clusterDatabaseUrl(),
      S3_ENDPOINT: spec.buffer.s3Endpoint || (local ? s3Endpoint() : clusterS3Endpoint()),
      S3_REGION: cosmoEnv.S3_REGION,
      // None (a real S3 through the SDK's own chain): the host uses its own.
      ...(credentials && { S3_ACCESS_KEY_ID: credentials.accessKeyId, S3_SECRET_ACCESS_KEY: credentials.secretAccessKey }),
    },
  };
}
