import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { consumeResults } from "@/lib/consumer/consume-results";
import { resultsConsumerInputSchema } from "@/lib/consumer/results-consumer-input";
import { db } from "@/lib/db";
import { Partitioners } from "kafkajs";
import { env, repoRoot } from "@/lib/env";
import { kafkaClient } from "@/lib/kafka/client";
import { deleteTopics, ensureTopics } from "@/lib/kafka/topics";
import { listenWindows, type WindowNotification } from "@/lib/results/listen-windows";
import { PROGRESS_SCHEMA, UNWINDOWED_SCHEMA, WINDOW_SCHEMA, windowResultSchema, type WindowResult } from "@/lib/results/schema";
import { readSparkProgress } from "@/lib/results/spark-progress";
import { createRun } from "@/lib/runs/create-run";
import { migrate } from "@/lib/runtime/migrate";
import { kafka } from "@/lib/runtime/services/kafka";
import { postgres } from "@/lib/runtime/services/postgres";

const quiet = () => {};
const tag = `${Date.now()}-${randomBytes(3).toString("hex")}`;
const topic = `cosmo-test-results-${tag}`;

before(async () => {
  await postgres.start(quiet);
  await migrate();
  await kafka.install(quiet);
  await kafka.start(quiet);
  await ensureTopics([{ name: topic, partitions: 1, retentionMs: 3_600_000 }]);
});

after(async () => {
  await deleteTopics([topic]).catch(() => {});
  await db.$disconnect();
});

/** A window as the Spark job sends it: four chambers of 64 channels, 80 drift-time bins. */
function windowResult(runId: string, window: number, scale: number): WindowResult {
  const per = (n: number, v: number) => Array.from({ length: n }, () => v);
  const hitsPerChamber = [10, 20, 30, 40].map((h) => h * scale);
  return windowResultSchema.parse({
    schema: WINDOW_SCHEMA,
    runId,
    window,
    orbitsPerWindow: 11_223,
    firstOrbit: window * 11_223,
    lastOrbit: window * 11_223 + 11_000,
    records: 120 * scale,
    totalHits: 100 * scale,
    hitsPerChamber,
    occupancy: hitsPerChamber.map(() => per(64, scale)),
    multiplicity: hitsPerChamber.map(() => [0, 5 * scale, 2]),
    scintillatorOrbits: 3,
    occupancyScintillator: hitsPerChamber.map(() => per(64, 0)),
    driftTime: { minNs: -200, maxNs: 600, binNs: 10, counts: hitsPerChamber.map(() => per(80, 1)), underflow: per(4, 0), overflow: per(4, 0) },
    dropped: { head: { "4": 3 }, unmappedChannel: 2, malformed: 1 },
  });
}

async function produce(values: string[]): Promise<void> {
  const producer = kafkaClient("cosmo-test-results").producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({ topic, messages: values.map((value) => ({ value })) });
  } finally {
    await producer.disconnect();
  }
}

async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v))}`);
    await sleep(50);
  }
}

test("the consumer upserts windows (last value wins), skips garbage, and notifies listeners at once", { timeout: 120_000 }, async () => {
  const run = await createRun({ name: `consumer ${tag}`, source: { bucket: env.S3_BUCKET, prefix: `test-consumer/${tag}/` } });
  const notes: { note: WindowNotification; at: number }[] = [];
  const unlisten = await listenWindows((note) => {
    if (note.runId === run.id) notes.push({ note, at: Date.now() });
  });
  const logs: string[] = [];
  const controller = new AbortController();
  const input = resultsConsumerInputSchema.parse({ topic, groupId: `cosmo-test-consumer-${tag}` });
  const consuming = consumeResults(input, { signal: controller.signal, log: (m) => logs.push(m) });
  try {
    const producedAt = Date.now();
    await produce([
      JSON.stringify(windowResult(run.id, 0, 1)),
      JSON.stringify(windowResult(run.id, 1, 1)),
      "this is not json {",
      JSON.stringify({ schema: WINDOW_SCHEMA, runId: run.id, window: -1 }),
      JSON.stringify(windowResult(run.id, 1, 3)), // window 1 again: replaces the first
      JSON.stringify({ schema: UNWINDOWED_SCHEMA, runId: run.id, malformed: 7 }),
      JSON.stringify(windowResult("00000000-0000-4000-8000-000000000000", 5, 1)), // a run this database does not know
      JSON.stringify(windowResult(run.id, 2, 2)),
    ]);
    const rows = await until(
      "three windows",
      () => db.runWindow.findMany({ where: { runId: run.id }, orderBy: { window: "asc" } }),
      (r) => r.length === 3 && r[2]?.totalHits === 200,
    );
    assert.deepEqual(rows.map((r) => [r.window, r.records, r.totalHits, Number(r.firstOrbit)]), [
      [0, 120, 100, 0],
      [1, 360, 300, 11_223],
      [2, 240, 200, 22_446],
    ]);
    assert.deepEqual(rows[1]?.data, windowResult(run.id, 1, 3), "the whole WindowResult is kept");
    await until("notifications", async () => notes.length, (n) => n >= 4, 5_000);
    assert.ok(notes[0]!.at >= producedAt, "notified after the windows were produced");
    const stored = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    assert.equal(stored.unwindowedMalformed, 7);
    assert.deepEqual(stored.totals, { windows: 3, records: 720, totalHits: 600 });
    assert.ok(notes.some((n) => n.note.window === null), "the unwindowed count is notified too");
    assert.ok(logs.some((l) => /offset 2: not JSON/.test(l)), logs.join("\n"));
    assert.ok(logs.some((l) => /offset 3: /.test(l)), logs.join("\n"));
    assert.ok(logs.some((l) => l.includes("unknown run 00000000-0000-4000-8000-000000000000")), logs.join("\n"));

    // Emitted again later (a replay, a restarted Spark job): the totals move by the difference only.
    await produce([JSON.stringify(windowResult(run.id, 0, 2)), JSON.stringify(windowResult(run.id, 2, 2))]);
    const moved = await until(
      "window 0 replaced",
      () => db.run.findUniqueOrThrow({ where: { id: run.id } }),
      (r) => (r.totals as { records?: number }).records === 840,
    );
    assert.deepEqual(moved.totals, { windows: 3, records: 840, totalHits: 700 });
    assert.equal(await db.runWindow.count({ where: { runId: run.id } }), 3);
  } finally {
    controller.abort();
    await unlisten();
  }
  const summary = await consuming;
  assert.equal(summary.skipped, 2);

  // Offsets were committed after the writes: a new consumer of the same group has nothing left to read.
  const admin = kafkaClient("cosmo-test-results").admin();
  await admin.connect();
  const [committed] = await admin.fetchOffsets({ groupId: input.groupId, topics: [topic] });
  await admin.disconnect();
  assert.equal(committed?.partitions[0]?.offset, "10");
});

test("the job's progress messages give the run its Spark batch times, Kafka lag and window latency", { timeout: 120_000 }, async () => {
  const run = await createRun({ name: `consumer progress ${tag}`, source: { bucket: env.S3_BUCKET, prefix: `test-consumer/${tag}/` } });
  const controller = new AbortController();
  const input = resultsConsumerInputSchema.parse({ topic, groupId: `cosmo-test-consumer-progress-${tag}` });
  const consuming = consumeResults(input, { signal: controller.signal, log: () => {} });
  const progress = (batchMs: number, windows: { window: number; inputAt: number }[]) =>
    JSON.stringify({ schema: PROGRESS_SCHEMA, runId: run.id, at: new Date().toISOString(), batches: 3, batchMs, batchP50Ms: 120, kafkaLagOffsets: 4, windows });
  try {
    await produce([JSON.stringify(windowResult(run.id, 7, 1))]);
    const row = await until("window 7", () => db.runWindow.findUnique({ where: { runId_window: { runId: run.id, window: 7 } } }), (r) => r !== null);
    // Window 7's last record entered Kafka 1,234 ms before its row was stored.
    await produce([progress(150, [{ window: 7, inputAt: row!.receivedAt.getTime() - 1234 }])]);
    const first = await until("the progress", async () => readSparkProgress((await db.run.findUniqueOrThrow({ where: { id: run.id } })).sparkProgress), (p) => p !== null);
    assert.deepEqual({ ...first, at: undefined }, { at: undefined, batchMs: 150, batchP50Ms: 120, kafkaLagOffsets: 4, windowLatencyMs: 1234, latencyWindow: 7 });

    // A message that closed no window (or only windows not stored) moves the batch figures and keeps the latency.
    await produce([progress(90, [{ window: 99, inputAt: 1 }])]);
    const next = await until("the next progress", async () => readSparkProgress((await db.run.findUniqueOrThrow({ where: { id: run.id } })).sparkProgress), (p) => p?.batchMs === 90);
    assert.equal(next!.windowLatencyMs, 1234);
    assert.equal(next!.latencyWindow, 7);
    assert.equal(await db.runWindow.count({ where: { runId: run.id } }), 1, "a progress message stores no window");
  } finally {
    controller.abort();
  }
  await consuming;
});

test("the consumer runs as a worker process and stops cleanly on SIGTERM", { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/consumer.ts", "--topic", topic, "--group-id", `cosmo-test-worker-${tag}`], {
    cwd: repoRoot,
    env: process.env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  // It has consumed the first test's messages once it logged their skips.
  await until("the worker to read the topic", async () => stdout, (s) => s.includes("not JSON"));
  child.kill("SIGTERM");
  assert.equal(await exit, 0, stdout);
  assert.match(stdout, /done \{"batches":\d+,"windows":\d+,"skipped":2\}/);

  const bad = spawn(process.execPath, ["--import", "tsx", "workers/consumer.ts", "--from-beginning", "maybe"], { cwd: repoRoot, env: process.env });
  let stderr = "";
  bad.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  assert.equal(await new Promise((resolve) => bad.on("exit", resolve)), 2);
  assert.match(stderr, /--from-beginning/);
});
