import { isIP } from "node:net";
import path from "node:path";
import { z } from "zod";

/**
 * The checkout COSMO runs from. bin/cosmo.mjs sets COSMO_ROOT for everything it
 * starts; a bundled Next server cannot derive it from its own module URL.
 */
export const repoRoot = path.resolve(/* turbopackIgnore: true */ process.env.COSMO_ROOT ?? process.cwd());

function isAddressOrCidr(entry: string): boolean {
  const [address, bits, ...rest] = entry.split("/");
  const family = isIP(address ?? "");
  if (!family || rest.length) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
}

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  // Where services keep their data, logs and pid files. Tests point this at
  // their own folder so they never touch a developer's running product.
  COSMO_HOME: z.string().default(path.join(repoRoot, ".cosmo", "home")),
  // Installed artefacts (jars, virtualenv, keys) shared by every COSMO_HOME.
  COSMO_CACHE: z.string().default(path.join(repoRoot, ".cosmo", "cache")),
  COSMO_HOST: z.string().default("127.0.0.1"),
  COSMO_WEB_PORT: port(3000),
  // This machine's address on the network of a cluster's remote hosts, where they reach its
  // embedded PostgreSQL and S3 (which listen there besides COSMO_HOST) and the Spark driver of
  // a run (which binds there); unset, COSMO_HOST. Never 0.0.0.0: an address of one network.
  COSMO_CLUSTER_ADDRESS: z.string().regex(/^\d{1,3}(\.\d{1,3}){3}$/).refine((a) => a !== "0.0.0.0", "one address, not 0.0.0.0").optional(),
  // Set to use an external PostgreSQL instead of the embedded one.
  DATABASE_URL: z.string().url().optional(),
  COSMO_PG_PORT: port(54329),
  COSMO_KAFKA_PORT: port(9092),
  COSMO_KAFKA_CONTROLLER_PORT: port(9093),
  // Brokers of a cluster's Kafka (host:port,...), when not the one on COSMO_HOST:COSMO_KAFKA_PORT;
  // set by the routines for the workers they start.
  COSMO_KAFKA_BOOTSTRAP: z.string().regex(/^[A-Za-z0-9.-]+:\d+(,[A-Za-z0-9.-]+:\d+)*$/).optional(),
  // A broker of a KRaft quorum (a cluster with three or more kafka-broker hosts): its node id and
  // every voter (id@host:controllerPort,...), set by the routines; unset, a single broker+controller.
  COSMO_KAFKA_NODE_ID: z.coerce.number().int().min(1).default(1),
  COSMO_KAFKA_VOTERS: z.string().regex(/^\d+@[A-Za-z0-9.-]+:\d+(,\d+@[A-Za-z0-9.-]+:\d+)*$/).optional(),
  // The broker's JVM heap: a cluster's hosts may be small (kafka.brokerHeap).
  COSMO_KAFKA_HEAP: z.string().regex(/^\d+[mg]$/).default("1g"),
  // The Spark master's address when it runs on another host than this one's workers.
  COSMO_SPARK_MASTER_HOST: z.string().optional(),
  COSMO_SPARK_MASTER_PORT: port(7077),
  COSMO_SPARK_MASTER_UI_PORT: port(8080),
  COSMO_SPARK_WORKER_UI_PORT: port(8081),
  COSMO_SPARK_WORKER_CORES: z.coerce.number().int().min(1).default(2),
  COSMO_SPARK_WORKER_MEMORY: z.string().regex(/^\d+[mg]$/).default("2g"),
  COSMO_S3_PORT: port(4568),
  // Set to use a real S3 endpoint instead of the local server.
  S3_ENDPOINT: z.string().url().optional(),
  S3_REGION: z.string().default("us-east-1"),
  // Keys for S3_ENDPOINT (without them the AWS SDK's own chain applies). Unset without
  // S3_ENDPOINT: the local server's keys, generated into <COSMO_HOME>/s3-credentials (0600).
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  S3_BUCKET: z.string().default("mapd-minidt-stream"),
  COSMO_SSHD_PORT: port(2222),
  // Folders, besides COSMO's own checkout and COSMO_HOME, that a local host of a
  // configuration may name as its cosmoPath or homePath: routines run COSMO from
  // there as this user, so only an admin of the machine widens it. Comma-separated
  // absolute paths; empty by default.
  COSMO_LOCAL_PATH_ALLOWLIST: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((p) => p.trim()).filter(Boolean))
    .refine((paths) => paths.every((p) => path.isAbsolute(p)), "comma-separated absolute paths"),
  // Seals the secrets at rest (AES-256-GCM). Unset: <COSMO_HOME>/secret.key, created on first use.
  COSMO_SECRET_KEY: z
    .string()
    .refine((v) => /^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, "base64").length === 32, "base64 of 32 random bytes (openssl rand -base64 32)")
    .optional(),
  // Signs the session cookies (better-auth). Unset: <COSMO_HOME>/auth.secret, created on first use.
  COSMO_AUTH_SECRET: z.string().min(32, "at least 32 characters (openssl rand -base64 32)").optional(),
  // Addresses (IPs or CIDRs, comma-separated) of reverse proxies whose X-Forwarded-For/-Host/-Proto
  // are believed; from anyone else those headers are dropped, so a client can not forge its address
  // (the login throttle, the audit log) or the host the origin check compares with. Default: none.
  COSMO_TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .refine((list) => list.every(isAddressOrCidr), "comma-separated IP addresses or CIDRs (10.0.0.0/8, ::1)"),
  // The largest request body the API reads: bigger ones answer 413 before being read whole.
  COSMO_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  // Where the cosmo CLI's remote commands (init, run, clusters, runs, tail...) send their requests;
  // unset: this machine's web app (COSMO_HOST:COSMO_WEB_PORT).
  COSMO_URL: z.string().url().optional(),
  // The API token those commands send (create one at /settings/tokens).
  COSMO_TOKEN: z.string().optional(),
  // The address people open COSMO at (behind a proxy, its public URL), for the links
  // in webhook messages; unset: this machine's web app (COSMO_HOST:COSMO_WEB_PORT).
  COSMO_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** `cosmo test` puts its services on nine consecutive ports from here. */
  COSMO_TEST_PORT_BASE: port(13000),
  /** `cosmo bench` does the same from here; unset, a hundred above the tests' base. */
  COSMO_BENCH_PORT_BASE: z.coerce.number().int().min(1).max(65535).optional(),
  JAVA_HOME: z.string().optional(),
  COSMO_PYTHON: z.string().default("python3"),
  COSMO_CHROMIUM: z.string().default("/usr/bin/chromium"),
  CI: z
    .string()
    .optional()
    .transform((v) => v === "true" || v === "1"),
}).transform((e) => ({ ...e, COSMO_BENCH_PORT_BASE: e.COSMO_BENCH_PORT_BASE ?? e.COSMO_TEST_PORT_BASE + 100 }));

export type Env = z.infer<typeof schema>;

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export const env: Env = load();

/** The environment for a child process: ours plus overrides (tests use other ports). */
export function childEnv(overrides: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}

/** Where this machine's embedded services listen: COSMO_HOST, and the cluster network's address when set. */
export const listenAddresses = (): string[] => [...new Set([env.COSMO_HOST, env.COSMO_CLUSTER_ADDRESS ?? env.COSMO_HOST])];

/** This machine as a cluster's remote hosts reach it. */
export const clusterAddress = (): string => env.COSMO_CLUSTER_ADDRESS ?? env.COSMO_HOST;
