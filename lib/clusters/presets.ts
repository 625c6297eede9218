import { parseOrThrow } from "@/lib/api/validation";
import { clusterInputSchema, type ParsedClusterInput } from "@/lib/clusters/cluster-input";
import { hostRoles, type ClusterSpecInput } from "@/lib/clusters/cluster-spec";
import { db } from "@/lib/db";
import { env, repoRoot } from "@/lib/env";
import { CosmoError } from "@/lib/errors";

export interface Preset {
  name: string;
  description: string;
  spec: ClusterSpecInput;
}

/** Everything on this machine, on the services `cosmo up` runs: the ports and folders of this environment. */
export function localhostPreset(): Preset {
  return {
    name: "localhost",
    description: "Everything on this machine: the embedded Kafka, Spark master and worker, S3 and the buffer.",
    spec: {
      hosts: [
        {
          name: "localhost",
          address: env.COSMO_HOST,
          local: true,
          roles: [...hostRoles],
          cosmoPath: repoRoot,
          homePath: env.COSMO_HOME,
          ports: {
            kafka: env.COSMO_KAFKA_PORT,
            kafkaController: env.COSMO_KAFKA_CONTROLLER_PORT,
            sparkMaster: env.COSMO_SPARK_MASTER_PORT,
            sparkMasterUi: env.COSMO_SPARK_MASTER_UI_PORT,
            sparkWorkerUi: env.COSMO_SPARK_WORKER_UI_PORT,
          },
        },
      ],
      spark: { workerCores: env.COSMO_SPARK_WORKER_CORES, workerMemory: env.COSMO_SPARK_WORKER_MEMORY },
      buffer: { bucket: env.S3_BUCKET },
    },
  };
}

const cloudHost = (name: string, roles: ClusterSpecInput["hosts"][number]["roles"]) => ({
  name,
  address: `${name}.cloud.example.org`,
  roles,
  ssh: { user: "cosmo", port: 22, keySecret: "cloud-ssh-key" },
  cosmoPath: "/opt/cosmo",
  homePath: "/var/lib/cosmo",
});

/**
 * Like the original's five machines, as a quorum: a master host (a Kafka
 * broker, the Spark master, the buffer) and three workers, two of them Kafka
 * brokers as well, so three brokers replicate every partition (one may be
 * lost); Spark checkpoints on S3, where every worker's executors reach them.
 * All reached over SSH; what each host needs is in docs/deploying.md. A
 * template only: its key secret has to exist before it can be stored.
 */
export function exampleCloudPreset(): Preset {
  return {
    name: "example-cloud",
    description: "Four virtual machines over SSH: a master (Kafka broker, Spark master, buffer) and three Spark workers, two of them Kafka brokers; checkpoints on S3.",
    spec: {
      hosts: [
        cloudHost("cosmo-master", ["kafka-broker", "spark-master", "buffer"]),
        cloudHost("cosmo-worker-1", ["kafka-broker", "spark-worker"]),
        cloudHost("cosmo-worker-2", ["kafka-broker", "spark-worker"]),
        cloudHost("cosmo-worker-3", ["spark-worker"]),
      ],
      kafka: { partitions: 6, brokerHeap: "1g" },
      spark: { executorCores: 2, executorMemory: "2g", workerCores: 4, workerMemory: "6g", shufflePartitions: 6, checkpoint: "s3a://cosmo-checkpoints/runs" },
      buffer: { rate: 1100 },
    },
  };
}

/**
 * The presets with every default filled in, as templates for a new
 * configuration; one that does not validate here (ensurePresets says why) is left out.
 */
export function listPresets(): ParsedClusterInput[] {
  return [localhostPreset(), exampleCloudPreset()].flatMap((p) => {
    const parsed = clusterInputSchema.safeParse(p);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Stores the localhost configuration when it is missing; concurrent callers are fine (ON CONFLICT DO NOTHING). */
export async function ensurePresets(): Promise<void> {
  let preset: ParsedClusterInput;
  try {
    preset = parseOrThrow(clusterInputSchema, localhostPreset());
  } catch (error) {
    const detail = error instanceof CosmoError ? error.message : String(error);
    throw new CosmoError("BAD_REQUEST", `the localhost preset does not validate in this environment (COSMO_HOST, COSMO_HOME, the checkout's path): ${detail}`, {
      cause: error,
    });
  }
  await db.clusterConfig.createMany({ data: [preset], skipDuplicates: true });
}
