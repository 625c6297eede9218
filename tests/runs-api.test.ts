import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { writeResults } from "@/lib/consumer/write-results";
import { db } from "@/lib/db";
import { defaultDetectorConfig as detector } from "@/lib/detector/config";
import { env } from "@/lib/env";
import { generatedWindows } from "@/lib/generator/generated-windows";
import { createRun } from "@/lib/runs/create-run";
import type { RunSummary } from "@/lib/runs/get-run-summary";
import type { RunPage } from "@/lib/runs/list-runs";
import { storedWindowSchema } from "@/lib/runs/stored-window";
import { migrate } from "@/lib/runtime/migrate";
import { postgres } from "@/lib/runtime/services/postgres";
import { webUrl } from "@/lib/runtime/services/web";
import { authHeader } from "@/tests/support/auth";

type FieldList = { path: string; message: string }[];
/** The first message per field, as a form shows it. */
const byField = (fields: FieldList): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const f of fields) out[f.path] ??= f.message;
  return out;
};

const tag = `${Date.now()}-${randomBytes(3).toString("hex")}`;
const ada = `ada-${tag}`;
const grace = `grace-${tag}`;
/** Five runs a day apart, oldest first: [startedBy, status, on the cluster]. */
const plan = [
  [ada, "completed", true],
  [grace, "failed", false],
  [ada, "halted", true],
  [ada, "completed", false],
  [grace, "running", true],
] as const;
const day = (i: number) => new Date(Date.UTC(2031, 0, 10 + i, 12));
let runIds: string[] = [];
let clusterId: string;

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${webUrl()}${path}`, { headers: await authHeader() });
  return { status: res.status, body: (await res.json()) as T };
}
const names = (page: RunPage) => page.runs.map((r) => r.id);
const newestFirst = (ids: string[]) => [...ids].reverse();

before(async () => {
  await postgres.start(() => {});
  await migrate();
  clusterId = (await db.clusterConfig.create({ data: { name: `lab-${tag}`, spec: {} } })).id;
  runIds = [];
  for (const [i, [startedBy, status, onCluster]] of plan.entries()) {
    const run = await createRun({ name: `history ${i} ${tag}`, source: { bucket: env.S3_BUCKET, prefix: `test-api/${tag}/` } });
    await db.run.update({ where: { id: run.id }, data: { startedBy, status, createdAt: day(i), clusterId: onCluster ? clusterId : null } });
    runIds.push(run.id);
  }
});

after(async () => {
  await db.run.deleteMany({ where: { id: { in: runIds } } });
  await db.clusterConfig.delete({ where: { id: clusterId } });
  await db.$disconnect();
});

test("the run history filters by user, status, cluster and date, newest first", async () => {
  const byAda = await get<RunPage>(`/api/runs?startedBy=${ada}`);
  assert.equal(byAda.status, 200);
  assert.deepEqual(names(byAda.body), newestFirst([runIds[0]!, runIds[2]!, runIds[3]!]));
  assert.equal(byAda.body.nextCursor, null);

  const completed = await get<RunPage>(`/api/runs?startedBy=${ada}&status=completed`);
  assert.deepEqual(names(completed.body), newestFirst([runIds[0]!, runIds[3]!]));

  const onCluster = await get<RunPage>(`/api/runs?clusterId=${clusterId}`);
  assert.deepEqual(names(onCluster.body), newestFirst([runIds[0]!, runIds[2]!, runIds[4]!]));
  assert.ok(onCluster.body.runs.every((r) => r.clusterName === `lab-${tag}`));

  const range = await get<RunPage>(`/api/runs?clusterId=${clusterId}&from=${day(1).toISOString()}&to=${day(3).toISOString()}`);
  assert.deepEqual(names(range.body), [runIds[2]!]);
  const row = range.body.runs[0]!;
  assert.equal(row.status, "halted");
  assert.equal(row.startedBy, ada);
  assert.equal(row.createdAt, day(2).toISOString());
});

test("pages follow the cursor with no run twice and none left out", async () => {
  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page: { status: number; body: RunPage } = await get<RunPage>(`/api/runs?clusterId=${clusterId}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
    assert.equal(page.status, 200);
    assert.ok(page.body.runs.length <= 2);
    seen.push(...names(page.body));
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor);
  assert.equal(pages, 2);
  assert.deepEqual(seen, newestFirst([runIds[0]!, runIds[2]!, runIds[4]!]));
});

test("bad filters are refused field by field", async () => {
  const bad = await get<{ error: { code: string; message: string; fields: FieldList } }>("/api/runs?status=finished&limit=0&from=yesterday");
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.code, "BAD_REQUEST");
  assert.deepEqual(Object.keys(byField(bad.body.error.fields)).sort(), ["from", "limit", "status"]);
  assert.match(byField(bad.body.error.fields).status!, /expected one of pending, running, halted, failed, completed/);
  assert.equal(byField(bad.body.error.fields).limit, "expected at least 1");
  assert.match(bad.body.error.message, /status: expected one of/);

  const cursor = await get<{ error: { fields: FieldList } }>("/api/runs?cursor=bm90LWEtY3Vyc29y");
  assert.equal(cursor.status, 400);
  assert.deepEqual(byField(cursor.body.error.fields), { cursor: "expected the nextCursor of a previous page" });

  const order = await get<{ error: { fields: FieldList } }>(`/api/runs?from=${day(3).toISOString()}&to=${day(1).toISOString()}`);
  assert.deepEqual(byField(order.body.error.fields), { to: "expected a date after from" });
});

test("a run's summary and its windows: all, or after a given one", async () => {
  const runId = runIds[4]!;
  const windows = generatedWindows(detector, { seed: 31 }, 12, runId).slice(0, 12);
  // Stored as the results consumer stores them.
  await writeResults({ windows, unwindowed: [{ schema: "cosmo.unwindowed.v1", runId, malformed: 4 }], skipped: 0 });

  const summary = await get<RunSummary>(`/api/runs/${runId}`);
  assert.equal(summary.status, 200);
  assert.equal(summary.body.status, "running");
  assert.equal(summary.body.clusterName, `lab-${tag}`);
  assert.deepEqual(summary.body.totals, {
    windows: 12,
    records: windows.reduce((n, w) => n + w.records, 0),
    totalHits: windows.reduce((n, w) => n + w.totalHits, 0),
    // Set by halt: an open run has no accounting yet.
    sent: null,
    processed: null,
    stored: null,
    loss: null,
  });
  assert.equal(summary.body.health, "ok", "a run made by a script is not supervised: it stays as created");
  assert.equal(summary.body.unwindowedMalformed, 4);
  assert.equal(summary.body.firstWindow, windows[0]!.window);
  assert.equal(summary.body.lastWindow, windows[11]!.window);
  assert.equal(summary.body.buffer.state, "idle");
  assert.equal(summary.body.detector.orbitsPerWindow, detector.orbitsPerWindow);

  const all = await get<{ windows: unknown[] }>(`/api/runs/${runId}/windows`);
  assert.deepEqual(
    all.body.windows.map((w) => storedWindowSchema.parse(w).result),
    windows,
  );
  const later = await get<{ windows: unknown[] }>(`/api/runs/${runId}/windows?after=${windows[8]!.window}`);
  assert.deepEqual(
    later.body.windows.map((w) => storedWindowSchema.parse(w).window),
    windows.slice(9).map((w) => w.window),
  );
  const bad = await get<{ error: { fields: FieldList } }>(`/api/runs/${runId}/windows?after=first`);
  assert.equal(bad.status, 400);
  assert.deepEqual(byField(bad.body.error.fields), { after: "expected a window number" });

  for (const id of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
    const missing = await get<{ error: { code: string; message: string } }>(`/api/runs/${id}`);
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.body, { error: { code: "NOT_FOUND", message: `run ${id} not found` } });
    assert.equal((await get(`/api/runs/${id}/windows`)).status, 404);
  }
});
