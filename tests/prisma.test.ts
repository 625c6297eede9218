import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { db } from "@/lib/db";
import { databaseUrl } from "@/lib/database-url";
import { Prisma } from "@/lib/generated/prisma/client";
import { listMigrations, migrate } from "@/lib/runtime/migrate";
import { postgres } from "@/lib/runtime/services/postgres";

before(async () => {
  await postgres.start(() => {});
  await migrate();
});

after(async () => {
  await db.$disconnect();
});

test("a cluster configuration round-trips through Prisma on PostgreSQL", async () => {
  const name = `roundtrip-${process.pid}-${Date.now()}`;
  const spec = { kafka: { partitions: 2 }, detector: { validHead: 2, chambers: [0, 1, 2, 3] } };
  const created = await db.clusterConfig.create({ data: { name, description: "laptop", spec } });
  const read = await db.clusterConfig.findUniqueOrThrow({ where: { name } });
  assert.equal(read.id, created.id);
  assert.deepEqual(read.spec, spec);

  const updated = await db.clusterConfig.update({ where: { id: created.id }, data: { spec: { ...spec, kafka: { partitions: 4 } } } });
  assert.deepEqual((updated.spec as { kafka: unknown }).kafka, { partitions: 4 });
  assert.ok(updated.updatedAt >= created.updatedAt);

  await assert.rejects(
    db.clusterConfig.create({ data: { name, spec: {} } }),
    (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002",
  );

  await db.clusterConfig.delete({ where: { id: created.id } });
  assert.equal(await db.clusterConfig.count({ where: { name } }), 0);
});

test("migrations are recorded in Prisma's table and applying them again changes nothing", async () => {
  assert.deepEqual(await migrate(), []);
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ migration_name: string; checksum: string }>(
      `select migration_name, checksum from "_prisma_migrations" order by migration_name`,
    );
    assert.deepEqual(
      rows.map((r) => [r.migration_name, r.checksum]),
      listMigrations().map((m) => [m.name, m.checksum]),
    );
  } finally {
    await client.end();
  }
});

test("postgres status reports the running server and the version it really runs", async () => {
  const status = await postgres.status();
  assert.equal(status.state, "running");
  const [row] = await db.$queryRaw<{ server_version: string }[]>`show server_version`;
  assert.ok(row, "show server_version returned a row");
  assert.ok(status.version.startsWith(row.server_version.split(" ")[0]!), `${status.version} vs ${row.server_version}`);
});
