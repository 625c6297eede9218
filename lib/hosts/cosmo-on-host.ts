import { type ClusterSpec, type HostSpec, hostWithRole, kafkaBootstrap, kafkaNodeIdOf, kafkaVotersOf, hostsWithRole } from "@/lib/clusters/cluster-spec";
import { shellCommand, shellExports, shellQuote } from "@/lib/hosts/shell";

/**
 * The environment COSMO's CLI needs on a host of a cluster: where its services
 * keep data, which address to bind, and where the cluster's broker and master
 * are. The same variables drive a local host and a remote one.
 */
export function hostEnvironment(spec: ClusterSpec, host: HostSpec): Record<string, string> {
  // A broker host runs its own broker on its own ports; the others only need the list.
  const broker = host.roles.includes("kafka-broker") ? host : hostWithRole(spec, "kafka-broker");
  const quorum = hostsWithRole(spec, "kafka-broker").length > 1;
  const master = hostWithRole(spec, "spark-master");
  return {
    COSMO_HOME: host.homePath,
    COSMO_HOST: host.address,
    COSMO_KAFKA_PORT: String(broker.ports.kafka),
    COSMO_KAFKA_CONTROLLER_PORT: String(broker.ports.kafkaController),
    COSMO_KAFKA_BOOTSTRAP: kafkaBootstrap(spec),
    COSMO_KAFKA_HEAP: spec.kafka.brokerHeap,
    ...(quorum && host.roles.includes("kafka-broker") ? { COSMO_KAFKA_NODE_ID: String(kafkaNodeIdOf(spec, host)), COSMO_KAFKA_VOTERS: kafkaVotersOf(spec) } : {}),
    COSMO_SPARK_MASTER_HOST: master.address,
    COSMO_SPARK_MASTER_PORT: String(master.ports.sparkMaster),
    COSMO_SPARK_MASTER_UI_PORT: String(master.ports.sparkMasterUi),
    COSMO_SPARK_WORKER_UI_PORT: String(host.ports.sparkWorkerUi),
    COSMO_SPARK_WORKER_CORES: String(spec.spark.workerCores),
    COSMO_SPARK_WORKER_MEMORY: spec.spark.workerMemory,
  };
}

/**
 * A script that runs `cosmo ARGS` from the host's COSMO checkout. Extra
 * variables (database URL, S3 credentials) are exported inside the script,
 * which travels on stdin: they never show on a command line.
 */
export function cosmoScript(spec: ClusterSpec, host: HostSpec, args: string[], extraEnv: Record<string, string> = {}): string {
  return [
    "set -e",
    `cd ${shellQuote(host.cosmoPath)} 2>/dev/null || { echo "COSMO is not installed at ${host.cosmoPath} on ${host.name}" >&2; exit 3; }`,
    `[ -f bin/cosmo.mjs ] || { echo "${host.cosmoPath} on ${host.name} is not a COSMO checkout (no bin/cosmo.mjs)" >&2; exit 3; }`,
    shellExports({ ...hostEnvironment(spec, host), ...extraEnv }),
    `exec node bin/cosmo.mjs ${shellCommand(args)}`,
    "",
  ].join("\n");
}
