import { test, before } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { Partitioners } from "kafkajs";
import { env, repoRoot } from "@/lib/env";
import { kafkaClient } from "@/lib/kafka/client";
import { ensureTopics } from "@/lib/kafka/topics";
import { homeDir } from "@/lib/runtime/paths";
import { kafka, kafkaBrokers } from "@/lib/runtime/services/kafka";
import { masterJson, SPARK_VERSION, sparkMaster, sparkMasterUrl, sparkWorker } from "@/lib/runtime/services/spark";
import { runSparkJob } from "@/lib/spark/submit";

const progress = (m: string) => console.log(`# ${m}`);
const relayApp = path.join(repoRoot, "workers", "spark", "kafka_relay.py");
const COUNT = 100;

before(async () => {
  await kafka.install(progress);
  await sparkMaster.install(progress);
  await sparkWorker.install(progress);
  await kafka.start(progress);
  await sparkMaster.start(progress);
  await sparkWorker.start(progress);
}, { timeout: 15 * 60_000 });

test("the master has one ALIVE worker with the configured cores", async () => {
  const master = await masterJson();
  assert.equal(master.status, "ALIVE");
  const alive = master.workers.filter((w) => w.state === "ALIVE");
  assert.equal(alive.length, 1);
  assert.equal(alive[0]!.cores, env.COSMO_SPARK_WORKER_CORES);
  for (const service of [sparkMaster, sparkWorker]) {
    const status = await service.status();
    assert.equal(status.state, "running", `${service.name}: ${JSON.stringify(status)}`);
    assert.equal(status.version, SPARK_VERSION);
  }
});

/** Produces COUNT values to a fresh topic, relays them with Spark and reads the result back. */
async function relayThroughSpark(master: string): Promise<void> {
  const id = randomUUID().slice(0, 8);
  const inTopic = `spark-test-in-${id}`;
  const outTopic = `spark-test-out-${id}`;
  await ensureTopics([
    { name: inTopic, partitions: 2, retentionMs: 3_600_000 },
    { name: outTopic, partitions: 2, retentionMs: 3_600_000 },
  ]);
  const sent = Array.from({ length: COUNT }, (_, i) => `event-${i}`);
  const producer = kafkaClient("spark-test").producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic: inTopic, messages: sent.map((value, i) => ({ key: String(i), value })) });
  await producer.disconnect();

  const { durationMs } = await runSparkJob({
    master,
    app: relayApp,
    name: `spark-test-${id}`,
    appArgs: [
      "--bootstrap", kafkaBrokers().join(","),
      "--in-topic", inTopic,
      "--out-topic", outTopic,
      "--checkpoint", homeDir("spark", "checkpoints", id),
      "--available-now",
    ],
    timeoutMs: 5 * 60_000,
  });
  console.log(`# ${master}: spark-submit took ${durationMs} ms`);

  // The topic's end offsets count every record written, so duplicates show up here.
  const admin = kafkaClient("spark-test").admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(outTopic);
  await admin.disconnect();
  assert.equal(offsets.reduce((n, p) => n + Number(p.high), 0), COUNT);

  const received: string[] = [];
  const consumer = kafkaClient("spark-test").consumer({ groupId: `spark-test-${id}` });
  await consumer.connect();
  await consumer.subscribe({ topic: outTopic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`received ${received.length} of ${COUNT}`)), 30_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        received.push(message.value?.toString() ?? "");
        if (received.length === COUNT) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  }).finally(() => consumer.disconnect());

  assert.deepEqual(received.sort(), sent.map((v) => v.toUpperCase()).sort());
}

test("a streaming job on the standalone cluster relays Kafka through the connector", { timeout: 6 * 60_000 }, async () => {
  await relayThroughSpark(sparkMasterUrl());
});

test("the same job runs in local mode", { timeout: 6 * 60_000 }, async () => {
  await relayThroughSpark("local[2]");
});
