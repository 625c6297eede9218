// No default credentials and nothing readable by other local users: the
// embedded PostgreSQL's generated password (and the move of an older install
// off the fixed one), the modes of secrets, logs and pid files, and a Spark
// master without its unauthenticated REST submission server.
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, test } from "node:test";
import pg from "pg";
import { authSecret } from "@/lib/auth/auth-secret";
import { embeddedDatabaseUrl, LEGACY_PG_PASSWORD, pgPasswordFile } from "@/lib/database-url";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { homeDir, serviceDir } from "@/lib/runtime/paths";
import { readPid } from "@/lib/runtime/process";
import { adoptGeneratedPassword } from "@/lib/runtime/services/postgres";
import { secretKey, secretKeyFile } from "@/lib/secrets/secret-key";
import { adminPasswordFile } from "@/lib/users/ensure-admin";

after(async () => {
  await db.$disconnect();
});

/** Connects as the embedded superuser with `password`; answers the SQLSTATE of a refusal, or "ok". */
async function login(password?: string): Promise<string> {
  const client = new pg.Client({ connectionString: embeddedDatabaseUrl(password, "postgres"), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query("select 1");
    return "ok";
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  } finally {
    await client.end().catch(() => {});
  }
}

test("PostgreSQL refuses the old fixed password and accepts the generated one; an install still on the old one is moved to it", async () => {
  const generated = fs.readFileSync(pgPasswordFile(), "utf8").trim();
  assert.ok(generated.length >= 24 && generated !== LEGACY_PG_PASSWORD);
  assert.equal(await login(LEGACY_PG_PASSWORD), "28P01", "the old password is refused");
  assert.equal(await login(), "ok");

  // An upgraded install: its superuser still has the fixed password.
  const admin = new pg.Client({ connectionString: embeddedDatabaseUrl(undefined, "postgres") });
  await admin.connect();
  try {
    await admin.query(`ALTER ROLE postgres PASSWORD '${LEGACY_PG_PASSWORD}'`);
  } finally {
    await admin.end();
  }
  const said: string[] = [];
  await adoptGeneratedPassword((m) => said.push(m));
  assert.deepEqual([await login(LEGACY_PG_PASSWORD), await login()], ["28P01", "ok"]);
  assert.match(said.join("\n"), /moved the database superuser from the old fixed password to the generated one/);
  await adoptGeneratedPassword((m) => said.push(m));
  assert.equal(said.length, 1, "on the generated password already: nothing to do");
});

const mode = (p: string) => fs.statSync(p).mode & 0o777;

test("secrets, logs and pid files are the owner's only (0600) in folders only the owner enters (0700)", () => {
  secretKey();
  authSecret();
  // As root, the postgres user keeps the search bit on COSMO_HOME to reach its data; nothing in it is listable.
  const homeModes = process.getuid?.() === 0 ? [0o700, 0o701] : [0o700];
  assert.ok(homeModes.includes(mode(env.COSMO_HOME)), `COSMO_HOME is ${mode(env.COSMO_HOME).toString(8)}`);
  for (const dir of [homeDir("logs"), homeDir("run"), serviceDir("spark", "logs"), serviceDir("spark", "work"), serviceDir("kafka", "data")]) {
    assert.equal(mode(dir).toString(8), "700", dir);
  }
  const logs = fs.readdirSync(homeDir("logs")).map((f) => homeDir("logs", f));
  const pids = fs.readdirSync(homeDir("run")).filter((f) => f.endsWith(".pid")).map((f) => homeDir("run", f));
  assert.ok(logs.some((f) => f.endsWith("postgres.log")) && pids.some((f) => f.endsWith("web.pid")), "the stack's logs and pid files are there");
  const secrets = [pgPasswordFile(), adminPasswordFile(), ...(env.COSMO_SECRET_KEY ? [] : [secretKeyFile()]), ...(env.COSMO_AUTH_SECRET ? [] : [homeDir("auth.secret")])];
  for (const file of [...secrets, ...logs, ...pids]) assert.equal(mode(file).toString(8), "600", file);
});

/** The TCP ports a process listens on: its socket inodes matched with the kernel's listening sockets. */
function listeningPorts(pid: number): number[] {
  const inodes = new Set(
    fs.readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [/^socket:\[(\d+)\]$/.exec(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1]].filter((x): x is string => !!x);
      } catch {
        return [];
      }
    }),
  );
  const ports = ["tcp", "tcp6"].flatMap((table) =>
    fs
      .readFileSync(`/proc/${pid}/net/${table}`, "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // local_address (ip:port in hex), state 0A = LISTEN, inode in column 10
      .filter((cols) => cols[3] === "0A" && inodes.has(cols[9]!))
      .map((cols) => parseInt(cols[1]!.split(":")[1]!, 16)),
  );
  return [...new Set(ports)].sort((a, b) => a - b);
}

test("the Spark master listens on its own port and web UI only: the unauthenticated REST submission server (6066) is off", () => {
  const master = readPid("spark-master");
  assert.ok(master, "the test stack's Spark master runs");
  assert.deepEqual(listeningPorts(master.pid), [env.COSMO_SPARK_MASTER_PORT, env.COSMO_SPARK_MASTER_UI_PORT].sort((a, b) => a - b));
  assert.match(fs.readFileSync(`/proc/${master.pid}/cmdline`, "utf8"), /-Dspark\.master\.rest\.enabled=false/);
});
