import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { databaseUrl } from "@/lib/database-url";
import { repoRoot } from "@/lib/env";
import { CosmoError } from "@/lib/errors";

const migrationsDir = path.join(repoRoot, "prisma", "migrations");

// Any constant works: it only keeps two `cosmo migrate` runs from interleaving.
const LOCK_KEY = 7_420_001;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(): Migration[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(migrationsDir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Applies prisma/migrations in order, each in its own transaction, recording
 * them in Prisma's own `_prisma_migrations` table so the history stays
 * readable by Prisma's tools. An edited, already-applied migration is refused.
 */
export async function migrate(progress: (message: string) => void = () => {}): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  const applied: string[] = [];
  try {
    await client.query("select pg_advisory_lock($1)", [LOCK_KEY]);
    await client.query(`create table if not exists "_prisma_migrations" (
      id varchar(36) primary key,
      checksum varchar(64) not null,
      finished_at timestamptz,
      migration_name varchar(255) not null,
      logs text,
      rolled_back_at timestamptz,
      started_at timestamptz not null default now(),
      applied_steps_count integer not null default 0
    )`);
    const done = new Map(
      (
        await client.query<{ migration_name: string; checksum: string }>(
          `select migration_name, checksum from "_prisma_migrations" where finished_at is not null and rolled_back_at is null`,
        )
      ).rows.map((r) => [r.migration_name, r.checksum]),
    );
    for (const m of listMigrations()) {
      const previous = done.get(m.name);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new CosmoError("CONFLICT", `migration ${m.name} was edited after it was applied; add a new migration instead`);
        }
        continue;
      }
      progress(`applying ${m.name}`);
      await client.query("begin");
      try {
        await client.query(m.sql);
        await client.query(
          `insert into "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) values ($1, $2, now(), $3, 1)`,
          [randomUUID(), m.checksum, m.name],
        );
        await client.query("commit");
      } catch (error) {
        await client.query("rollback");
        throw new CosmoError("SERVICE_FAILED", `migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(m.name);
    }
  } finally {
    await client.query("select pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    await client.end();
  }
  return applied;
}
