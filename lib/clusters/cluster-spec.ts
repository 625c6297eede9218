import { z } from "zod";
import { detectorConfigSchema } from "@/lib/detector/config";
import { defaultQualityChecks, qualityChecksSchema } from "@/lib/quality/quality-config";

/**
 * A cluster configuration: where Kafka, Spark and the buffer run and how they
 * are tuned. Everything here may reach a shell command on some host, so every
 * name, address and path is held to a strict alphabet here, once; the commands
 * are still quoted where they are built (lib/hosts/shell.ts).
 */

export const slug = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lower-case letters, digits and '-', starting with a letter or digit, at most 63");

/** A DNS name or an IPv4 address; nothing a shell would interpret. */
export const hostAddressSchema = z
  .string()
  .max(253)
  .regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, "a host name or an IPv4 address");

/** An absolute path of plain segments: no spaces, quotes, `..` or shell characters. */
export const absolutePathSchema = z
  .string()
  .max(1024)
  .regex(/^(\/[A-Za-z0-9._+-]+)+\/?$/, "an absolute path of letters, digits and . _ + - segments")
  .refine((p) => !p.split("/").includes(".."), "must not contain '..'");

export const unixUserSchema = z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, "a Unix user name");

export const topicNameSchema = z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, "letters, digits, '.', '_' and '-', at most 200");

const portExpected = "a port number from 1 to 65535";
const portSchema = z.number(portExpected).int(portExpected).min(1, portExpected).max(65535, portExpected);

export const hostRoles = ["kafka-broker", "spark-master", "spark-worker", "buffer"] as const;
export type HostRole = (typeof hostRoles)[number];

export const hostSpecSchema = z.object({
  /** How the configuration and the UI call the host. */
  name: slug,
  address: hostAddressSchema,
  /** Local hosts run their commands as child processes of COSMO; the others over SSH. */
  local: z.boolean().default(false),
  roles: z.array(z.enum(hostRoles)).min(1, "a host needs at least one role"),
  ssh: z
    .object({
      user: unixUserSchema.default("root"),
      port: portSchema.default(22),
      /**
       * Name of the ssh_key secret to log in with. Absent when the host moved
       * without an admin naming a key again (lib/clusters/carry-secret-references.ts):
       * routines then refuse to reach it.
       */
      keySecret: slug.optional(),
    })
    .optional(),
  /** Where COSMO is installed on the host (its checkout) and where its services keep data. */
  cosmoPath: absolutePathSchema,
  homePath: absolutePathSchema,
  ports: z
    .object({
      kafka: portSchema.default(9092),
      kafkaController: portSchema.default(9093),
      sparkMaster: portSchema.default(7077),
      sparkMasterUi: portSchema.default(8080),
      sparkWorkerUi: portSchema.default(8081),
    })
    .default({ kafka: 9092, kafkaController: 9093, sparkMaster: 7077, sparkMasterUi: 8080, sparkWorkerUi: 8081 }),
});

export const kafkaSettingsSchema = z.object({
  /** Each run gets its own hits topic, `<prefix>-<runId>`, so runs never mix. */
  hitsTopicPrefix: topicNameSchema.default("cosmo-hits"),
  resultsTopic: topicNameSchema.default("cosmo-results"),
  partitions: z.number().int().min(1).max(1000).default(2),
  /** Copies of every partition; 0: min(3, brokers), so one broker of three may be lost with nothing lost. */
  replicationFactor: z.number().int().min(0).max(10).default(0),
  /** Copies a write with acks=all waits for; 0: 2 with three or more copies, else 1. */
  minInsyncReplicas: z.number().int().min(0).max(10).default(0),
  /** Each broker's JVM heap; small hosts (and the tests' four on one machine) give less. */
  brokerHeap: z.string().regex(/^\d+[mg]$/, "a size such as 512m or 2g").default("1g"),
  /** How long the topics keep data; 7 days by default. */
  retentionMs: z.number().int().min(60_000).default(7 * 24 * 3600_000),
});

export const sparkSettingsSchema = z.object({
  /** One executor with both cores of a 2-core worker beats two: one Python worker pool, one JVM. */
  executorCores: z.number().int().min(1).max(256).default(2),
  executorMemory: z.string().regex(/^\d+[mg]$/, "a size such as 512m or 2g").default("1g"),
  /** Cores and memory each worker offers. */
  workerCores: z.number().int().min(1).max(256).default(2),
  workerMemory: z.string().regex(/^\d+[mg]$/, "a size such as 512m or 2g").default("2g"),
  shufflePartitions: z.number().int().min(1).max(10_000).default(2),
  /** Micro-batch trigger interval. */
  triggerMs: z.number().int().min(0).max(600_000).default(200),
  /**
   * Where the statistics job checkpoints each run (Kafka offsets and the
   * windows' state): empty, a folder under COSMO_HOME on the machine COSMO
   * runs on, which is enough while the executors share it; an s3a:// URI when
   * they run on several hosts (with buffer.s3Endpoint and the buffer's S3
   * credentials). Admin-only, like the endpoint.
   */
  checkpoint: z
    .union([
      z.literal(""),
      z.string().max(500).regex(/^\/[A-Za-z0-9._/-]*$/, "an absolute folder (letters, digits, . _ / -)"),
      z.string().max(500).regex(/^s3a:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9._/-]*)?$/, "an s3a://bucket/prefix URI"),
    ])
    .default(""),
});

/**
 * IPv4 169.254.0.0/16 (cloud metadata services live there), IPv6 fe80::/10
 * and the metadata service's DNS name, as URL host names (which URL has
 * already normalised: 2852039166 and 0xa9.0xfe.0xa9.0xfe are 169.254.169.254).
 */
export function isLinkLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").replace(/\.$/, "").toLowerCase();
  if (/^169\.254\.\d+\.\d+$/.test(host) || host === "metadata.google.internal") return true;
  if (/^fe[89ab][0-9a-f]:/.test(host)) return true;
  // IPv4-mapped IPv6 (::ffff:169.254.169.254), which URL writes as ::ffff:a9fe:xxxx.
  return /^::ffff:a9fe:[0-9a-f]{1,4}$/.test(host) || /^::ffff:169\.254\./.test(host);
}

/**
 * A service endpoint a configuration names (COSMO connects to it and hands it
 * credentials): http or https, no user or password in it, never a link-local
 * or metadata address.
 */
export const endpointUrlSchema = z
  .string()
  .max(2048)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "a URL such as https://s3.example.org" });
      return;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") ctx.addIssue({ code: "custom", message: "an http:// or https:// URL" });
    else if (url.username || url.password) ctx.addIssue({ code: "custom", message: "no user name or password in the URL; credentials go in a secret" });
    else if (isLinkLocalHost(url.hostname)) ctx.addIssue({ code: "custom", message: "not a link-local or metadata address (169.254.0.0/16, fe80::/10)" });
  });

export const bufferSettingsSchema = z.object({
  /** Empty: COSMO's own S3 (S3_ENDPOINT or the embedded server). */
  s3Endpoint: z.union([z.literal(""), endpointUrlSchema]).default(""),
  bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "an S3 bucket name").default("mapd-minidt-stream"),
  // S3 allows more (! * ' ( )), but the prefix reaches the buffer's command line: keep to what no shell reads.
  prefix: z
    .string()
    .max(1024)
    .regex(/^[A-Za-z0-9._/-]*$/, "letters, digits and . _ / - only")
    .refine((p) => !p.split("/").includes(".."), "must not contain '..'")
    .default(""),
  /**
   * Name of an s3_credentials secret; empty for COSMO's own credentials.
   * Omitted in a change: the stored one is kept, unless the buffer host moved.
   */
  credentialsSecret: z.union([z.literal(""), slug]).optional(),
  /** Records per second; 0 sends as fast as possible. */
  rate: z.number().int().min(0).max(10_000_000).default(1000),
});

export const supervisionSettingsSchema = z.object({
  /** A stored window later than this after its last record raises the window-latency alarm. */
  maxWindowLatencyMs: z.number().int().min(100).max(3_600_000).default(5000),
  /** Restarts of one component within restartWindowMs before the run is failed. */
  maxRestarts: z.number().int().min(0).max(1000).default(10),
  restartWindowMs: z.number().int().min(10_000).max(24 * 3600_000).default(600_000),
});

const clusterSpecBase = z.object({
    hosts: z.array(hostSpecSchema).min(1, "a cluster needs at least one host").max(64),
    kafka: kafkaSettingsSchema.default(kafkaSettingsSchema.parse({})),
    spark: sparkSettingsSchema.default(sparkSettingsSchema.parse({})),
    buffer: bufferSettingsSchema.default(bufferSettingsSchema.parse({})),
    detector: detectorConfigSchema.default(detectorConfigSchema.parse({})),
    supervision: supervisionSettingsSchema.default(supervisionSettingsSchema.parse({})),
    /** Data-quality checks (lib/quality/quality-config.ts), frozen into each run. */
    quality: qualityChecksSchema.default(defaultQualityChecks),
});

export const clusterSpecSchema = clusterSpecBase.superRefine((spec, ctx) => {
    const names = new Set<string>();
    spec.hosts.forEach((h, i) => {
      if (names.has(h.name)) ctx.addIssue({ code: "custom", path: ["hosts", i, "name"], message: `host name "${h.name}" is used twice` });
      names.add(h.name);
      if (!h.local && !h.ssh) ctx.addIssue({ code: "custom", path: ["hosts", i, "ssh"], message: "a remote host needs ssh settings (user, port, keySecret)" });
    });
    // One master and one buffer; Kafka is one broker or a KRaft quorum of three or more,
    // where every broker is also a controller voter: two voters would survive no loss.
    const count = (role: HostRole) => spec.hosts.filter((h) => h.roles.includes(role)).length;
    const exactlyOne = (role: HostRole) => {
      if (count(role) !== 1) ctx.addIssue({ code: "custom", path: ["hosts"], message: `exactly one host must have the role ${role} (found ${count(role)})` });
    };
    const brokers = count("kafka-broker");
    if (brokers === 0 || brokers === 2) {
      ctx.addIssue({ code: "custom", path: ["hosts"], message: `one host, or three or more, must have the role kafka-broker (found ${brokers}): a quorum of two survives no loss` });
    }
    exactlyOne("spark-master");
    exactlyOne("buffer");
    if (count("spark-worker") < 1) ctx.addIssue({ code: "custom", path: ["hosts"], message: "at least one host must have the role spark-worker" });
    if (brokers === 1 || brokers >= 3) checkReplication(spec, brokers, ctx);
  });

/** Replicas and in-sync replicas must fit the brokers there are. */
function checkReplication(spec: z.infer<typeof clusterSpecBase>, brokers: number, ctx: z.RefinementCtx): void {
  const { replicationFactor, minInsyncReplicas } = spec.kafka;
  if (replicationFactor > brokers) {
    ctx.addIssue({ code: "custom", path: ["kafka", "replicationFactor"], message: `at most the number of kafka-broker hosts, ${brokers} (found ${replicationFactor}); 0 takes min(3, brokers)` });
    return;
  }
  const replicas = replicationFactor || Math.min(3, brokers);
  if (minInsyncReplicas > replicas) {
    ctx.addIssue({ code: "custom", path: ["kafka", "minInsyncReplicas"], message: `at most the replication factor, ${replicas} (found ${minInsyncReplicas}); 0 takes 2 with three or more replicas, else 1` });
  } else if (replicas > 1 && minInsyncReplicas === replicas) {
    ctx.addIssue({ code: "custom", path: ["kafka", "minInsyncReplicas"], message: `less than the replication factor, ${replicas} (found ${minInsyncReplicas}): one broker lost would stop every write` });
  }
}

export type ClusterSpec = z.infer<typeof clusterSpecSchema>;
export type ClusterSpecInput = z.input<typeof clusterSpecSchema>;
export type HostSpec = z.infer<typeof hostSpecSchema>;

/** The host that holds a role (validated to exist for the single-host roles). */
export function hostWithRole(spec: ClusterSpec, role: HostRole): HostSpec {
  const host = spec.hosts.find((h) => h.roles.includes(role));
  if (!host) throw new Error(`no host with role ${role}`);
  return host;
}

/**
 * A host "moves" when its address, its account or its folders change: it is
 * another place then, and must not carry the secrets meant for the old one.
 */
export const hostMoved = (before: HostSpec, after: HostSpec): boolean =>
  before.address !== after.address ||
  before.local !== after.local ||
  before.cosmoPath !== after.cosmoPath ||
  before.homePath !== after.homePath ||
  before.ssh?.user !== after.ssh?.user ||
  before.ssh?.port !== after.ssh?.port;

export const hostsWithRole = (spec: ClusterSpec, role: HostRole) => spec.hosts.filter((h) => h.roles.includes(role));

/** Every broker, host:port, in host order: clients learn the rest from any one that answers. */
export const kafkaBrokersOf = (spec: ClusterSpec) => hostsWithRole(spec, "kafka-broker").map((b) => `${b.address}:${b.ports.kafka}`);

export const kafkaBootstrap = (spec: ClusterSpec) => kafkaBrokersOf(spec).join(",");

/** A broker's KRaft node id: its place among the broker hosts, from 1; stable while the host list keeps its order. */
export const kafkaNodeIdOf = (spec: ClusterSpec, host: HostSpec) => hostsWithRole(spec, "kafka-broker").findIndex((b) => b.name === host.name) + 1;

/** The controller quorum, `id@host:port,...`: every broker is also a voter (KRaft combined mode). */
export const kafkaVotersOf = (spec: ClusterSpec) =>
  hostsWithRole(spec, "kafka-broker").map((b, i) => `${i + 1}@${b.address}:${b.ports.kafkaController}`).join(",");

/** The replication the cluster's topics get: `kafka.replicationFactor`, or min(3, brokers). */
export function kafkaReplicationOf(spec: ClusterSpec): { replicationFactor: number; minInsyncReplicas: number } {
  const replicationFactor = spec.kafka.replicationFactor || Math.min(3, hostsWithRole(spec, "kafka-broker").length);
  return { replicationFactor, minInsyncReplicas: spec.kafka.minInsyncReplicas || (replicationFactor >= 3 ? 2 : 1) };
}

/**
 * The cores Spark gives a run's job: every worker runs as many executors of
 * `executorCores` as its `workerCores` hold (standalone mode's rule).
 */
export const sparkCoresOf = (spec: ClusterSpec) =>
  hostsWithRole(spec, "spark-worker").length * Math.max(1, Math.floor(spec.spark.workerCores / spec.spark.executorCores)) * spec.spark.executorCores;

/**
 * A run's hits topic: a partition per Spark core at least, so that every core
 * reads and parses its own partition in each micro-batch (the buffer spreads
 * its messages over all of them); `kafka.partitions` may ask for more.
 */
export const hitsTopicPartitions = (spec: ClusterSpec) => Math.max(spec.kafka.partitions, sparkCoresOf(spec));

export const sparkMasterUrlOf = (spec: ClusterSpec) => {
  const master = hostWithRole(spec, "spark-master");
  return `spark://${master.address}:${master.ports.sparkMaster}`;
};

export const sparkMasterUiOf = (spec: ClusterSpec) => {
  const master = hostWithRole(spec, "spark-master");
  return `http://${master.address}:${master.ports.sparkMasterUi}`;
};
