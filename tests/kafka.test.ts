import { test, before } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { Partitioners } from "kafkajs";
import { env } from "@/lib/env";
import { kafkaClient } from "@/lib/kafka/client";
import { deleteTopics, ensureTopics } from "@/lib/kafka/topics";
import { kafka, KAFKA_VERSION } from "@/lib/runtime/services/kafka";

// Node's ESM view of kafkajs (CommonJS) misses this export; require sees them all.
const { ConfigResourceTypes } = createRequire(import.meta.url)("kafkajs") as typeof import("kafkajs");

before(async () => {
  await kafka.install(console.log);
  await kafka.start(console.log);
});

test("status reports the running broker", async () => {
  const status = await kafka.status();
  assert.equal(status.state, "running");
  assert.equal(status.version, KAFKA_VERSION);
  assert.equal(status.port, env.COSMO_KAFKA_PORT);
  assert.ok(status.pid && status.pid > 0);
  // A second start on a healthy broker is a no-op, not a second JVM.
  await kafka.start(() => undefined);
  assert.equal((await kafka.status()).pid, status.pid);
});

test("topics, idempotent producer and consumer group round-trip", async () => {
  const topic = `cosmo-test-${Date.now()}-${process.pid}`;
  const groupId = `${topic}-group`;
  const retentionMs = 3_600_000;
  const n = 200;
  const client = kafkaClient("cosmo-test");
  const admin = client.admin();
  const producer = client.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  // disconnect() waits out the in-flight long poll, so keep it short.
  const consumer = client.consumer({ groupId, maxWaitTimeInMs: 200 });
  await admin.connect();
  try {
    const spec = { name: topic, partitions: 2, retentionMs, retentionBytes: 10_000_000 };
    await ensureTopics([spec]);
    await ensureTopics([spec]); // idempotent

    const meta = await admin.fetchTopicMetadata({ topics: [topic] });
    assert.equal(meta.topics[0]?.partitions.length, 2);
    const configs = await admin.describeConfigs({
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ["retention.ms", "retention.bytes"] }],
      includeSynonyms: false,
    });
    const entries = new Map(configs.resources[0]?.configEntries.map((e) => [e.configName, e.configValue]));
    assert.equal(entries.get("retention.ms"), String(retentionMs));
    assert.equal(entries.get("retention.bytes"), "10000000");

    await producer.connect();
    const values = Array.from({ length: n }, (_, i) => `hit-${i}`);
    await producer.send({ topic, messages: values.map((value, i) => ({ value, partition: i % 2 })) });
    const ends = await admin.fetchTopicOffsets(topic);
    assert.deepEqual(ends.map((p) => Number(p.high)).sort(), [n / 2, n / 2]);

    const received: string[] = [];
    let allReceived!: () => void;
    const done = new Promise<void>((resolve) => (allReceived = resolve));
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push(message.value?.toString() ?? "");
        if (received.length === n) allReceived();
      },
    });
    await Promise.race([done, timeout(30_000, "consuming")]);
    assert.equal(received.length, n);
    assert.deepEqual([...received].sort(), [...values].sort());

    // Offsets are committed asynchronously after each batch: poll until they land.
    const committed = async () => {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    };
    const deadline = Date.now() + 15_000;
    while ((await committed()) < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.equal(await committed(), n);
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.disconnect();
    await deleteTopics([topic]);
  }
});

test("transactions hide what they abort and commit a group's offsets; admin lists, moves and deletes groups", async () => {
  const topic = `cosmo-txn-${Date.now()}-${process.pid}`;
  const groupId = `${topic}-group`;
  const client = kafkaClient("cosmo-test-txn");
  const admin = client.admin();
  const producer = client.producer({ transactionalId: `${topic}-tx`, idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = client.consumer({ groupId, maxWaitTimeInMs: 200, readUncommitted: false });
  const groupOffset = async () => (await admin.fetchOffsets({ groupId, topics: [topic] }))[0]?.partitions[0]?.offset;
  await admin.connect();
  try {
    await ensureTopics([{ name: topic, partitions: 1, retentionMs: 3_600_000, retentionBytes: 10_000_000 }]);
    assert.ok((await admin.listTopics()).includes(topic));
    await producer.connect();
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ value: "aborted" }] });
    await aborted.abort();
    // The log now holds: 0 "aborted", 1 its abort marker, 2 "a", 3 "b", 4 the commit marker.
    const committed = await producer.transaction();
    await committed.send({ topic, messages: [{ value: "a" }, { value: "b" }] });
    await committed.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 0, offset: "3" }] }] });
    await committed.commit();
    // The coordinator writes the commit marker and the group's offset after it answers EndTxn: wait for both.
    const settled = async () => Number((await admin.fetchTopicOffsets(topic))[0]?.high) === 5 && (await groupOffset()) === "3";
    for (const deadline = Date.now() + 10_000; !(await settled()) && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
    assert.equal(Number((await admin.fetchTopicOffsets(topic))[0]?.high), 5);
    assert.equal(await groupOffset(), "3");

    await admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: "0" }] });
    assert.equal(await groupOffset(), "0");

    // From offset 0 a read_committed consumer skips the aborted message: "a" comes first.
    const received: string[] = [];
    let gotBoth!: () => void;
    const both = new Promise<void>((resolve) => (gotBoth = resolve));
    await consumer.connect();
    await consumer.subscribe({ topic });
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push(message.value?.toString() ?? "");
        if (received.length === 2) gotBoth();
      },
    });
    await Promise.race([both, timeout(30_000, "consuming the committed transaction")]);
    assert.deepEqual(received, ["a", "b"]);
    assert.ok((await admin.listGroups()).groups.some((g) => g.groupId === groupId));
    const [described] = (await admin.describeGroups([groupId])).groups;
    assert.equal(described?.state, "Stable");
    assert.equal(described?.members.length, 1);

    await consumer.disconnect();
    await admin.deleteGroups([groupId]);
    assert.ok(!(await admin.listGroups()).groups.some((g) => g.groupId === groupId));
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await admin.disconnect();
    await deleteTopics([topic]);
  }
});

test("start refuses a port another process holds", async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, env.COSMO_HOST, resolve));
  const port = (server.address() as net.AddressInfo).port;
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "cosmo-kafka-port-"));
  try {
    // env is read once per process, so the second broker runs in a child with its own ports and home.
    const script = `import("@/lib/runtime/services/kafka").then((m) => m.kafka.start(() => {})).then(
      () => process.exit(0), (e) => { console.log(e.code, e.message); process.exit(3); })`;
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      const child = spawn(process.execPath, ["--import", "tsx", "-e", script], {
        env: { ...process.env, COSMO_HOME: home, COSMO_KAFKA_PORT: String(port) },
        stdio: ["ignore", "pipe", "inherit"],
      });
      let out = "";
      child.stdout.on("data", (d: Buffer) => (out += d.toString()));
      child.on("close", (c) => resolve({ code: c, stdout: out }));
    });
    assert.equal(code, 3);
    assert.match(stdout, new RegExp(`^PORT_TAKEN .*:${port},`));
  } finally {
    server.close();
    fs.rmSync(home, { recursive: true, force: true });
  }
});

function timeout(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out ${what}`)), ms).unref());
}
