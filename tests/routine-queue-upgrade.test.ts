import assert from "node:assert/strict";
import { test } from "node:test";
import pg from "pg";
import { PgBoss } from "pg-boss";
import { databaseUrl } from "@/lib/database-url";
import { listMigrations } from "@/lib/runtime/migrate";

const UPGRADE = "20261127141500_pgboss_12";

/** A database of its own on the test server, so the stack's queue is never touched. */
async function withScratchDatabase(fn: (url: string, db: pg.Client) => Promise<void>): Promise<void> {
  const name = `cosmo_upgrade_${process.pid}_${Date.now()}`;
  const server = new pg.Client({ connectionString: databaseUrl() });
  await server.connect();
  await server.query(`create database ${name}`);
  const url = new URL(databaseUrl());
  url.pathname = `/${name}`;
  const db = new pg.Client({ connectionString: url.toString() });
  try {
    await db.connect();
    await fn(url.toString(), db);
  } finally {
    await db.end().catch(() => {});
    await server.query(`drop database if exists ${name} with (force)`);
    await server.end();
  }
}

test("an upgrade from pg-boss 10's queue: the queue is replaced, a routine left in it closed with the reason, pg-boss 12 starts", async () => {
  await withScratchDatabase(async (url, db) => {
    const migrations = listMigrations();
    const upgrade = migrations.find((m) => m.name === UPGRADE)!;
    // The database as the previous COSMO left it: its migrations, pg-boss 10's schema version 24, a routine queued.
    for (const m of migrations.filter((m) => m.name < UPGRADE)) await db.query(m.sql);
    await db.query(`create schema pgboss; create table pgboss.version (version int primary key); insert into pgboss.version values (24)`);
    const cluster = await db.query<{ id: string }>(`insert into cluster_config (id, name, spec, updated_at) values (gen_random_uuid(), 'old', '{}', now()) returning id`);
    await db.query(`insert into routine_execution (id, cluster_id, routine, status, requested_by) values (gen_random_uuid(), $1, 'beat', 'succeeded', 'ops'), (gen_random_uuid(), $1, 'init', 'queued', 'ops')`, [cluster.rows[0]!.id]);

    await db.query(upgrade.sql);
    assert.equal((await db.query(`select to_regclass('pgboss.version') as t`)).rows[0].t, null);
    const rows = (await db.query<{ routine: string; status: string; error: string | null }>(`select routine, status, error from routine_execution order by routine::text`)).rows;
    assert.deepEqual(rows.map((r) => [r.routine, r.status]), [["beat", "succeeded"], ["init", "failed"]]);
    assert.match(rows[1]!.error ?? "", /routine queue was replaced by an upgrade/);

    const boss = new PgBoss({ connectionString: url, schema: "pgboss", supervise: false, schedule: false });
    await boss.start();
    try {
      await boss.createQueue("cosmo-routines", { retryLimit: 0 });
      const id = await boss.send("cosmo-routines", { executionId: "x" });
      const [job] = await boss.fetch("cosmo-routines");
      assert.equal(job?.id, id);
    } finally {
      await boss.stop({ graceful: false });
    }
    // Run again on pg-boss 12's own schema (version >= 25): nothing is touched.
    await db.query(upgrade.sql);
    assert.notEqual((await db.query(`select to_regclass('pgboss.version') as t`)).rows[0].t, null);
  });
});
