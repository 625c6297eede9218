// A cluster's Kafka page, its REST routes and the cosmo topics / topic tail commands, on the test stack's broker.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { after, before, test } from "node:test";
import { Partitioners, type Admin, type Producer } from "kafkajs";
import type { Browser } from "playwright-core";
import { systemActor } from "@/lib/auth/actor";
import { localhostPreset } from "@/lib/clusters/presets";
import { db } from "@/lib/db";
import { kafkaClient } from "@/lib/kafka/client";
import { isTailGroup } from "@/lib/kafka/tail-group";
import { deleteTopics, ensureTopics } from "@/lib/kafka/topics";
import { SseParser, type ParsedSseEvent } from "@/lib/live/sse-parser";
import { webUrl } from "@/lib/runtime/web-url";
import { createUser } from "@/lib/users/create-user";
import { api } from "@/tests/support/api";
import { authHeader, loggedInPage, newToken } from "@/tests/support/auth";
import { launchBrowser, screenshotPath } from "@/tests/support/browser";
import { cosmo } from "@/tests/support/cli";
import { testTag } from "@/tests/support/test-data";

const tag = testTag("kafkapage");
const topic = `${tag}-hits`;
const group = `${tag}-results-consumer`;
const PER_PARTITION = 5;
let admin: Admin;
let producer: Producer;
let viewer = "";
let browser: Browser;

const viewerUser = { username: `${tag}-viewer`, password: randomBytes(9).toString("hex") };

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const tailGroups = async () => (await admin.listGroups()).groups.map((g) => g.groupId).filter(isTailGroup);
const noTailGroupLeft = () => eventually("the tail's consumer group to be deleted", async () => ((await tailGroups()).length === 0 ? true : undefined));

before(async () => {
  viewer = (await newToken("viewer")).value;
  await createUser({ ...viewerUser, role: "viewer" }, systemActor);
  const client = kafkaClient("cosmo-test-kafka-page");
  admin = client.admin();
  producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await Promise.all([admin.connect(), producer.connect()]);
  await ensureTopics([{ name: topic, partitions: 2, retentionMs: 3_600_000 }]);
  await producer.send({
    topic,
    messages: [0, 1].flatMap((partition) =>
      Array.from({ length: PER_PARTITION }, (_, i) => ({ partition, key: `k${partition}-${i}`, value: `line ${partition}.${i}\n`, headers: { orbitRef: String(1000 * partition + i) } })),
    ),
  });
  // A results consumer's committed position: 3 read on partition 0, none on 1.
  await admin.setOffsets({ groupId: group, topic, partitions: [{ partition: 0, offset: "3" }] });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await producer?.disconnect();
  await admin?.deleteGroups([group]).catch(() => {});
  await admin?.disconnect();
  await deleteTopics([topic]);
  await db.clusterConfig.deleteMany({ where: { name: { startsWith: tag } } });
  await db.user.deleteMany({ where: { username: { startsWith: tag } } });
  await db.$disconnect();
});

test("a viewer reads the cluster's brokers, a topic's partitions and offsets, and a group's lag", async () => {
  const res = await api("GET", "/api/clusters/localhost/kafka", undefined, { token: viewer });
  assert.equal(res.status, 200, res.text);
  const kafka = res.json;
  assert.equal(kafka.brokers.length, 1);
  assert.deepEqual(kafka.absent, [], "the configured broker is the one the cluster lists");
  const [broker] = kafka.brokers;
  assert.equal(broker.controller, kafka.controllerId === broker.nodeId);
  const listed = kafka.topics.find((t: { name: string }) => t.name === topic);
  assert.ok(listed, "the topic is listed");
  assert.deepEqual(
    listed.partitions.map((p: Record<string, unknown>) => [p.partition, p.leader, p.replicas, p.isr, p.earliest, p.latest, p.underReplicated]),
    [0, 1].map((p) => [p, broker.nodeId, [broker.nodeId], [broker.nodeId], 0, PER_PARTITION, false]),
  );
  assert.equal(listed.offsets, 2 * PER_PARTITION);
  const consumer = kafka.groups.find((g: { groupId: string }) => g.groupId === group);
  assert.deepEqual(consumer?.lag, [{ topic, lag: PER_PARTITION - 3 + PER_PARTITION }]);
  assert.equal(kafka.groups.filter((g: { groupId: string }) => isTailGroup(g.groupId)).length, 0, "tails are not listed");

  // Nothing here changes Kafka: the routes answer GET only, to a viewer and to anyone else.
  for (const path of ["/api/clusters/localhost/kafka", `/api/clusters/localhost/kafka/topics/${topic}/tail`]) {
    for (const method of ["POST", "PUT", "DELETE"]) assert.equal((await api(method, path, {}, { token: viewer })).status, 405, `${method} ${path}`);
  }
  assert.equal((await api("GET", "/api/clusters/localhost/kafka", undefined, "anonymous")).status, 401);
  assert.equal((await api("GET", "/api/clusters/nope-nope/kafka", undefined, { token: viewer })).status, 404);
});

test("the last messages come as JSON with partition, offset, key and headers; a binary value is shown as hex", async () => {
  const binary = Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 0x80]);
  await producer.send({ topic, messages: [{ partition: 1, key: "bin", value: binary }] });
  const res = await api("GET", `/api/clusters/localhost/kafka/topics/${topic}/tail?follow=0&last=3`, undefined, { token: viewer });
  assert.equal(res.status, 200, res.text);
  const messages = res.json.messages as { partition: number; offset: string; key: { text: string }; headers: Record<string, string>; value: { text: string; encoding: string; bytes: number } }[];
  assert.equal(messages.length, 3);
  const last = messages.at(-1)!;
  assert.deepEqual([last.partition, last.offset, last.key.text], [1, String(PER_PARTITION), "bin"]);
  assert.deepEqual(last.value, { text: binary.toString("hex"), encoding: "hex", bytes: binary.length, truncated: false });
  // The first ten share one timestamp: the tie goes to the higher partition, then the higher offset.
  const text = messages.find((m) => m.partition === 1 && m.offset === String(PER_PARTITION - 1));
  assert.deepEqual(text && [text.key.text, text.headers, text.value.text, text.value.encoding], [`k1-${PER_PARTITION - 1}`, { orbitRef: String(1000 + PER_PARTITION - 1) }, `line 1.${PER_PARTITION - 1}\n`, "utf8"]);

  assert.equal((await api("GET", `/api/clusters/localhost/kafka/topics/${tag}-none/tail?follow=0`, undefined, { token: viewer })).status, 404);
  const bad = await api("GET", "/api/clusters/localhost/kafka/topics/a%20b/tail", undefined, { token: viewer });
  assert.equal(bad.status, 400, bad.text);
  await noTailGroupLeft();
});

test("the live tail sends messages produced while it reads, and leaves no consumer group behind", async () => {
  const controller = new AbortController();
  const res = await fetch(`${webUrl()}/api/clusters/localhost/kafka/topics/${topic}/tail?last=0`, { headers: { ...(await authHeader()), accept: "text/event-stream" }, signal: controller.signal });
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /text\/event-stream/);
  const events: ParsedSseEvent[] = [];
  const parser = new SseParser((e) => events.push(e));
  const reader = res.body!.getReader();
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      parser.push(new TextDecoder().decode(value));
    }
  })();
  await eventually("the ready event", async () => (events.some((e) => e.event === "ready") ? true : undefined));
  assert.equal((await tailGroups()).length, 1, "the tail reads through a group of its own");
  await producer.send({ topic, messages: [1, 2, 3].map((i) => ({ partition: 0, key: `live-${i}`, value: `live ${i}`, headers: { orbitRef: `9${i}` } })) });
  const live = await eventually("three live messages", async () => {
    const got = events.filter((e) => e.event === "message").map((e) => JSON.parse(e.data));
    return got.length >= 3 ? got : undefined;
  });
  assert.deepEqual(
    live.map((m) => [m.partition, m.offset, m.key.text, m.headers.orbitRef, m.value.text]),
    [1, 2, 3].map((i) => [0, String(PER_PARTITION + i - 1), `live-${i}`, `9${i}`, `live ${i}`]),
  );
  controller.abort();
  await noTailGroupLeft();
});

test("cosmo topics prints brokers, partitions and lag; cosmo topic tail --max N prints N messages and stops", async () => {
  const table = await cosmo(["topics", "--cluster", "localhost"], { COSMO_TOKEN: viewer });
  assert.equal(table.code, 0, table.stderr);
  assert.match(table.stdout, /^BROKER\s+HOST:PORT\s+CONTROLLER\n\d+\s+\S+:\d+\s+yes/);
  assert.match(table.stdout, new RegExp(`\\n${topic}\\s+1\\s+\\d+\\s+\\d+\\s+\\d+\\s+0\\s+${PER_PARTITION + 1}\\n`));
  assert.match(table.stdout, new RegExp(`\\n${group}\\s+Empty\\s+0\\s+${topic}\\s+\\d+`));
  const json = await cosmo(["topics", "--cluster", "localhost", "--json"], { COSMO_TOKEN: viewer });
  assert.equal(JSON.parse(json.stdout).topics.find((t: { name: string }) => t.name === topic).partitions.length, 2);

  const tail = await cosmo(["topic", "tail", "--cluster", "localhost", topic, "--from-beginning", "--max", "4"], { COSMO_TOKEN: viewer });
  assert.equal(tail.code, 0, tail.stderr);
  const lines = tail.stdout.trimEnd().split("\n");
  assert.equal(lines.length, 4);
  for (const line of lines) assert.match(line, /^[01]:[0-4] \d{4}-\d\d-\d\dT\S+Z key="k[01]-\d" orbitRef="\d+" \(\d+ bytes\) "line [01]\.\d\\n"$/);

  const unknownTopic = await cosmo(["topic", "tail", "--cluster", "localhost", `${tag}-none`], { COSMO_TOKEN: viewer });
  assert.equal(unknownTopic.code, 1);
  assert.match(unknownTopic.stderr, /topic "t-kafkapage-\S+-none" not found on cluster "localhost"/);
  const unknownCluster = await cosmo(["topics", "--cluster", `${tag}-none`], { COSMO_TOKEN: viewer });
  assert.equal(unknownCluster.code, 1);
  assert.match(unknownCluster.stderr, /cluster "\S+" not found/);
  assert.equal((await cosmo(["topic", "tail", topic], { COSMO_TOKEN: viewer })).code, 2, "--cluster is required");
  await noTailGroupLeft();
});

test("a broker that does not answer is a 503 naming it, on the API, the CLI and the page", async () => {
  const closed = await new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
  const spec = structuredClone(localhostPreset().spec);
  spec.hosts[0]!.ports = { ...spec.hosts[0]!.ports, kafka: closed } as typeof spec.hosts[0]["ports"];
  const name = `${tag}-nokafka`;
  assert.equal((await api("POST", "/api/clusters", { name, description: "", spec })).status, 201);
  const res = await api("GET", `/api/clusters/${name}/kafka`, undefined, { token: viewer });
  assert.equal(res.status, 503, res.text);
  assert.deepEqual(res.json, { error: { code: "SERVICE_UNAVAILABLE", message: `no Kafka broker answers at ${spec.hosts[0]!.address}:${closed}` } });
  const tail = await api("GET", `/api/clusters/${name}/kafka/topics/${topic}/tail?follow=0`, undefined, { token: viewer });
  assert.equal(tail.status, 503, tail.text);
  const cli = await cosmo(["topics", "--cluster", name], { COSMO_TOKEN: viewer });
  assert.equal(cli.code, 1);
  assert.match(cli.stderr, new RegExp(`no Kafka broker answers at \\S+:${closed}`));

  const page = await loggedInPage(browser, { viewport: { width: 1300, height: 900 } }, viewerUser.username, viewerUser.password);
  await page.goto(`${webUrl()}/clusters/${name}/kafka`);
  assert.match((await page.getByTestId("kafka-error").textContent()) ?? "", new RegExp(`no Kafka broker answers at \\S+:${closed}`));
  await page.close();
});

test("a viewer's page shows the topics and the live tail of one, which ends with the page", async () => {
  const page = await loggedInPage(browser, { viewport: { width: 1400, height: 1000 } }, viewerUser.username, viewerUser.password);
  await page.goto(`${webUrl()}/clusters/localhost`);
  await page.getByTestId("kafka-link").click();
  await page.waitForURL(/\/clusters\/localhost\/kafka$/);
  const row = page.getByTestId(`partition-${topic}-1`);
  await row.waitFor();
  assert.equal((await row.getByTestId("latest").textContent())?.trim(), String(PER_PARTITION + 1));
  assert.equal((await row.getByTestId("isr").textContent())?.trim(), "1");
  assert.match((await page.getByTestId(`group-${group}`).getByTestId("lag").textContent()) ?? "", new RegExp(`${topic}: \\d+`));

  await page.getByTestId(`tail-${topic}`).click();
  await page.getByTestId("tail-status").filter({ hasText: "reading" }).waitFor();
  // The newest messages are shown at once: the binary one of partition 1 among them.
  await page.getByTestId(`message-1-${PER_PARTITION}`).waitFor();
  await producer.send({ topic, messages: [{ partition: 1, key: "page", value: "seen in the browser", headers: { orbitRef: "77" } }] });
  const fresh = page.getByTestId(`message-1-${PER_PARTITION + 1}`);
  await fresh.waitFor();
  assert.equal((await fresh.getByTestId("value").textContent())?.trim(), "seen in the browser");
  assert.equal((await fresh.getByTestId("headers").textContent())?.trim(), "orbitRef=77");
  await page.screenshot({ path: screenshotPath("cluster-kafka"), fullPage: true });
  assert.equal((await tailGroups()).length, 1);
  await page.close();
  await noTailGroupLeft();
});
