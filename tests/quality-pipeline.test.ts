// A fault caught through the whole data plane: generator -> S3 -> buffer ->
// Kafka -> Spark -> Kafka -> results consumer (which checks each window as it
// stores it) -> PostgreSQL -> alarm -> webhook on 127.0.0.1.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { db } from "@/lib/db";
import { defaultDetectorConfig } from "@/lib/detector/config";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { s3Sink } from "@/lib/generator/sinks";
import { generateWords } from "@/lib/generator/stream";
import { writeDataFiles } from "@/lib/generator/write-files";
import { deleteTopics, ensureTopics } from "@/lib/kafka/topics";
import { runHitsTopic } from "@/lib/pipeline/topics";
import { spawnWorker } from "@/lib/pipeline/worker-process";
import { createRun } from "@/lib/runs/create-run";
import { migrate } from "@/lib/runtime/migrate";
import { kafka } from "@/lib/runtime/services/kafka";
import { postgres } from "@/lib/runtime/services/postgres";
import { s3 } from "@/lib/runtime/services/s3";
import { sparkMaster, sparkMasterUrl, sparkWorker } from "@/lib/runtime/services/spark";
import { ensureBucket } from "@/lib/s3/client";
import { runStatsAvailableNow } from "@/lib/spark/stats-job";
import { api } from "@/tests/support/api";
import { createTestCluster, detectionDelay, detectorOptions, makeReference, testChecks, webhookReceiver } from "@/tests/support/quality";
import { until } from "@/tests/support/results-pipeline";
import { testTag } from "@/tests/support/test-data";

const BUCKET = "cosmo-quality-test";
const tag = testTag("quality-pipeline");
const AT = 15;
let clusterId = "";
let hook: Awaited<ReturnType<typeof webhookReceiver>>;

before(async () => {
  // Already up in `npm test`'s stack: started again here (a no-op) so the file also runs on its own against a stack.
  for (const service of [postgres, kafka, s3, sparkMaster, sparkWorker]) await service.start(() => {});
  await migrate();
  await ensureBucket(BUCKET);
  clusterId = await createTestCluster(tag);
  await makeReference(clusterId, 101, 240);
  hook = await webhookReceiver();
  assert.equal((await api("POST", "/api/webhooks", { name: tag, url: hook.url })).status, 201);
});

after(async () => {
  await api("DELETE", `/api/webhooks/${tag}`);
  await hook.close();
  await db.alarm.deleteMany({ where: { run: { clusterId } } });
  await db.clusterConfig.deleteMany({ where: { name: tag } });
  await db.$disconnect();
});

test("a t0 shift injected mid-run through S3, the buffer, Kafka and Spark: t0 in error within 3 windows, the alarm at the webhook", async () => {
  const prefix = `t0-shift-${Date.now()}/`;
  const options = detectorOptions(401, { faults: [{ kind: "t0-shift", chamber: 3, ns: 50, atSeconds: AT }] });
  await writeDataFiles(generateWords(defaultDetectorConfig, generatorOptionsSchema.parse(options), { seconds: 30 }), { format: "txt", recordsPerFile: 1_310_720, sink: s3Sink(BUCKET, prefix) });
  const run = await createRun({ name: `${tag} t0 shift`, source: { bucket: BUCKET, prefix }, clusterId, quality: testChecks });
  const hits = runHitsTopic(run.id);
  const resultsTopic = `cosmo-results-test-${run.id}`;
  await ensureTopics([hits, { name: resultsTopic, partitions: 1, retentionMs: 3600_000 }]);
  const consumer = spawnWorker("consumer", ["--topic", resultsTopic, "--group-id", `cosmo-test-${run.id}`]);
  try {
    const buffer = spawnWorker("buffer", ["--run-id", run.id, "--bucket", BUCKET, "--prefix", prefix, "--topic", hits.name, "--rate", "0"]);
    assert.equal((await buffer.exited).code, 0, buffer.output());
    // Fails (throws) if the job does not finish; it stops once everything in the hits topic is read.
    await runStatsAvailableNow({ runId: run.id, hitsTopic: hits.name, resultsTopic, master: sparkMasterUrl(), triggerMs: 200 });
    await until("the t0 check in error", async () => (await db.qualityResult.count({ where: { runId: run.id, check: "t0", chamber: 3, flag: "error" } })) > 0, 300_000, () => consumer.output().slice(-2000));
    const delay = await detectionDelay(run.id, options, AT, "t0", 3);
    console.log(`fault t0-shift through the whole pipeline: t0 (chamber 3) error ${delay.windows} window(s) after the fault's window, ${delay.seconds.toFixed(2)} s of detector time after the fault (${delay.detail})`);
    assert.ok(delay.windows <= 3, `error ${delay.windows} windows after the fault`);
    const title = "Quality: t0 of chamber 3 in error";
    await until(`the alarm "${title}" at the webhook`, async () => hook.received.some((r) => r.text.includes(title) && r.text.includes(run.name)), 180_000);
  } finally {
    consumer.signal("SIGTERM");
    await consumer.exited;
    await deleteTopics([hits.name, resultsTopic]).catch(() => {});
  }
});
