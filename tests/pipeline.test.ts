// The whole data plane, for real: generator -> S3 -> buffer -> Kafka -> Spark
// (standalone cluster) -> Kafka -> consumer -> PostgreSQL, compared window by
// window with the TypeScript reference statistics of the same objects.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { db } from "@/lib/db";
import { defaultDetectorConfig } from "@/lib/detector/config";
import { ORBIT_LIMIT } from "@/lib/detector/record";
import { repoRoot } from "@/lib/env";
import { isDatEncodable } from "@/lib/generator/encode";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { s3Sink } from "@/lib/generator/sinks";
import { generateBatches, generateWords } from "@/lib/generator/stream";
import { writeDataFiles } from "@/lib/generator/write-files";
import { getBufferProgress } from "@/lib/buffer/get-buffer-progress";
import { deleteTopics, ensureTopics } from "@/lib/kafka/topics";
import { getRunWindows } from "@/lib/pipeline/run-windows";
import { referenceStatsOfPrefix } from "@/lib/pipeline/reference-stats";
import { runHitsTopic } from "@/lib/pipeline/topics";
import { spawnWorker, type WorkerProcess } from "@/lib/pipeline/worker-process";
import type { WindowResult } from "@/lib/results/schema";
import { createRun } from "@/lib/runs/create-run";
import { migrate } from "@/lib/runtime/migrate";
import { kafka } from "@/lib/runtime/services/kafka";
import { postgres } from "@/lib/runtime/services/postgres";
import { s3 } from "@/lib/runtime/services/s3";
import { sparkMaster, sparkMasterUrl, sparkWorker } from "@/lib/runtime/services/spark";
import { ensureBucket, s3Client } from "@/lib/s3/client";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { startStatsStream, type StatsStreamProcess } from "@/lib/spark/stats-job";
import { readSparkProgress } from "@/lib/results/spark-progress";

const BUCKET = "cosmo-pipeline-test";
const running: { stop(): void }[] = [];

before(async () => {
  for (const service of [postgres, kafka, s3, sparkMaster, sparkWorker]) {
    await service.install(() => {});
    await service.start(() => {});
  }
  await migrate();
  await ensureBucket(BUCKET);
});

after(async () => {
  for (const r of running) r.stop();
  await db.$disconnect();
});

interface Pipeline {
  runId: string;
  resultsTopic: string;
  hitsTopic: string;
  consumer: WorkerProcess;
  spark: StatsStreamProcess;
}

async function startRun(prefix: string, tag: string): Promise<Pipeline> {
  const run = await createRun({ name: `pipeline ${tag}`, source: { bucket: BUCKET, prefix } });
  const hits = runHitsTopic(run.id);
  const resultsTopic = `cosmo-results-test-${run.id}`;
  await ensureTopics([hits, { name: resultsTopic, partitions: 1, retentionMs: 3600_000 }]);
  const consumer = spawnWorker("consumer", ["--topic", resultsTopic, "--group-id", `cosmo-test-${run.id}`]);
  const spark = await startSpark(run.id, hits.name, resultsTopic);
  running.push({ stop: () => consumer.signal("SIGKILL") }, { stop: () => spark.kill() });
  return { runId: run.id, resultsTopic, hitsTopic: hits.name, consumer, spark };
}

function startSpark(runId: string, hitsTopic: string, resultsTopic: string): Promise<StatsStreamProcess> {
  // idleFlushMs closes the last windows once the replay has ended.
  return startStatsStream({ runId, hitsTopic, resultsTopic, master: sparkMasterUrl(), triggerMs: 200, idleFlushMs: 3000 });
}

function runBuffer(p: Pipeline, prefix: string, rate: number): WorkerProcess {
  const w = spawnWorker("buffer", ["--run-id", p.runId, "--bucket", BUCKET, "--prefix", prefix, "--topic", p.hitsTopic, "--rate", String(rate)]);
  running.push({ stop: () => w.signal("SIGKILL") });
  return w;
}

/** Waits until the run's stored windows equal the reference, or fails with the difference. */
async function expectReference(p: Pipeline, prefix: string, timeoutMs = 480_000): Promise<WindowResult[]> {
  const reference = await referenceStatsOfPrefix(BUCKET, prefix, defaultDetectorConfig, p.runId);
  const expected = reference.filter((m): m is WindowResult => m.schema === "cosmo.window.v1");
  const unwindowed = reference.find((m) => m.schema === "cosmo.unwindowed.v1");
  const deadline = Date.now() + timeoutMs;
  let stored: WindowResult[] = [];
  while (Date.now() < deadline) {
    stored = await getRunWindows(p.runId);
    if (stored.length === expected.length && JSON.stringify(stored) === JSON.stringify(expected)) break;
    await sleep(500);
  }
  if (JSON.stringify(stored) !== JSON.stringify(expected)) {
    // assert's own diff of thousands of windows takes gigabytes: name the first difference instead.
    const i = expected.findIndex((w, k) => JSON.stringify(w) !== JSON.stringify(stored[k]));
    const at = i < 0 ? stored.length : i;
    assert.fail(
      `run ${p.runId}: ${stored.length} of ${expected.length} windows stored; first difference at index ${at}:\n` +
        `stored   ${JSON.stringify(stored[at] ?? null).slice(0, 1500)}\nexpected ${JSON.stringify(expected[at] ?? null).slice(0, 1500)}\n` +
        `--- spark log tail:\n${p.spark.output().slice(-3000)}`,
    );
  }
  const run = await db.run.findUniqueOrThrow({ where: { id: p.runId } });
  assert.equal(run.unwindowedMalformed, unwindowed?.malformed ?? 0);
  return stored;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

function stop(p: Pipeline) {
  p.spark.kill("SIGKILL");
  p.consumer.signal("SIGTERM");
  return deleteTopics([p.hitsTopic, p.resultsTopic]).catch(() => {});
}

test("the real excerpt of the dataset gives the reference statistics through the whole pipeline", async () => {
  const prefix = `excerpt-${Date.now()}/`;
  const body = fs.readFileSync(path.join(repoRoot, "tests", "fixtures", "mapd-excerpt.txt"));
  await s3Client().send(new PutObjectCommand({ Bucket: BUCKET, Key: `${prefix}data_000000.txt`, Body: body }));
  const p = await startRun(prefix, "excerpt");
  const buffer = runBuffer(p, prefix, 0);
  assert.equal((await buffer.exited).code, 0, buffer.output());
  const windows = await expectReference(p, prefix);
  assert.equal(windows.reduce((n, w) => n + w.totalHits, 0), 37);
  await stop(p);
});

/** ORBIT_CNT 30 s of detector time before it wraps: generated data crosses the wrap mid-run. */
const BEFORE_WRAP = ORBIT_LIMIT - 30 * 11_223;

/** The stored windows go on across the wrap: extended orbits, increasing window numbers, no gap. */
function assertAcrossWrap(windows: WindowResult[]) {
  assert.ok(windows[0]!.firstOrbit < ORBIT_LIMIT && windows.at(-1)!.lastOrbit > ORBIT_LIMIT, "the data crosses the wrap");
  windows.forEach((w, i) => i > 0 && assert.equal(w.window, windows[i - 1]!.window + 1, "consecutive windows"));
}

test("generated data across the orbit wrap survives a killed buffer and a killed Spark job with exact totals", async () => {
  const prefix = `generated-${Date.now()}/`;
  const options = generatorOptionsSchema.parse({ seed: 42, startOrbit: BEFORE_WRAP });
  const written = await writeDataFiles(generateWords(defaultDetectorConfig, options, { records: 60_000 }), {
    format: "txt",
    recordsPerFile: 20_000,
    sink: s3Sink(BUCKET, prefix),
  });
  assert.equal(written.files, 3);
  const p = await startRun(prefix, "generated");
  // The job flushes once idle after it starts: live, so on a loaded machine
  // its start-up does not outlast the replay, and the kill lands mid-replay.
  await until("the Spark job to be live", async () => p.spark.output().includes("input idle, flushed"), 300_000);

  // Paced so that both kills land mid-replay: the buffer's in the second object.
  let buffer = runBuffer(p, prefix, 2000);
  await until("the buffer to reach the second object", async () => (await getBufferProgress(p.runId)).recordsSent >= 25_000);
  buffer.signal("SIGKILL");
  await buffer.exited;
  buffer = runBuffer(p, prefix, 2000);

  await until("the first windows to be stored", async () => (await getRunWindows(p.runId)).length > 0);
  p.spark.kill("SIGKILL");
  await p.spark.exited;
  p.spark = await startSpark(p.runId, p.hitsTopic, p.resultsTopic);
  running.push({ stop: () => p.spark.kill() });

  assert.equal((await buffer.exited).code, 0, buffer.output());
  const windows = await expectReference(p, prefix);
  assert.ok(windows.length >= 50, `about a minute of detector time, ${windows.length} windows`);
  assertAcrossWrap(windows);
  assert.equal(
    windows.reduce((n, w) => n + w.records, 0),
    60_000,
    "every generated record is counted exactly once",
  );
  // The live job reported how it kept up, and the consumer measured a window's latency from it.
  const spark = readSparkProgress((await db.run.findUniqueOrThrow({ where: { id: p.runId } })).sparkProgress);
  assert.ok(spark, "the Spark job's progress reached the run");
  assert.ok(spark.batchMs > 0 && spark.batchP50Ms > 0, JSON.stringify(spark));
  assert.ok(spark.kafkaLagOffsets !== null && spark.kafkaLagOffsets >= 0, JSON.stringify(spark));
  assert.ok(spark.latencyWindow !== null && windows.some((w) => w.window === spark.latencyWindow), JSON.stringify(spark));
  assert.ok(spark.windowLatencyMs !== null && spark.windowLatencyMs >= 0 && spark.windowLatencyMs < 600_000, JSON.stringify(spark));
  await stop(p);
});

test("the .dat and .txt forms of the same records give identical stored windows across the wrap, a killed buffer mid .dat object included", async () => {
  const tag = Date.now();
  const options = generatorOptionsSchema.parse({ seed: 5, startOrbit: BEFORE_WRAP + 11_223 * 10 });
  const words = [...generateBatches(defaultDetectorConfig, options, { records: 40_000, keep: isDatEncodable })];
  const stored: WindowResult[][] = [];
  for (const format of ["txt", "dat"] as const) {
    const prefix = `forms-${tag}/${format}/`;
    await writeDataFiles(words, { format, recordsPerFile: 20_000, sink: s3Sink(BUCKET, prefix) });
    const p = await startRun(prefix, `${format} form`);
    if (format === "txt") {
      assert.equal((await runBuffer(p, prefix, 0).exited).code, 0);
    } else {
      // Paced, then killed in the first object and restarted as fast as it goes.
      const killed = runBuffer(p, prefix, 4000);
      await until("the buffer to be mid-object", async () => (await getBufferProgress(p.runId)).recordsSent >= 8_000);
      killed.signal("SIGKILL");
      await killed.exited;
      assert.ok((await getBufferProgress(p.runId)).recordsSent < 20_000, "killed in the first object");
      const rest = runBuffer(p, prefix, 0);
      assert.equal((await rest.exited).code, 0, rest.output());
    }
    const windows = await expectReference(p, prefix);
    stored.push(windows.map((w) => ({ ...w, runId: "" })));
    await stop(p);
  }
  const [txt, dat] = stored as [WindowResult[], WindowResult[]];
  assert.ok(txt.length >= 30, `${txt.length} windows`);
  assert.deepEqual(dat, txt);
  assertAcrossWrap(dat);
  assert.equal(dat.reduce((n, w) => n + w.records, 0), 40_000);
});
