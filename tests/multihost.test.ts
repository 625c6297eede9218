// Several machines for real: the test network's four hosts (network
// namespaces, each with its own sshd) as one cluster: a KRaft quorum of three
// brokers, the Spark master on one host and workers on two others, the buffer
// on a fourth, checkpoints on S3. One init, one run that loses a worker host,
// a broker and a host's link and still ends with exactly the reference
// statistics, one dismiss that leaves nothing behind on any host.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { db } from "@/lib/db";
import { defaultDetectorConfig } from "@/lib/detector/config";
import { env } from "@/lib/env";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { s3Sink } from "@/lib/generator/sinks";
import { generateWords } from "@/lib/generator/stream";
import { writeDataFiles } from "@/lib/generator/write-files";
import { kafkaClient } from "@/lib/kafka/client";
import { referenceStatsOfPrefix } from "@/lib/pipeline/reference-stats";
import { getRunWindows } from "@/lib/pipeline/run-windows";
import type { WindowResult } from "@/lib/results/schema";
import { sshdConnection } from "@/lib/runtime/services/sshd";
import { webUrl } from "@/lib/runtime/web-url";
import { ensureBucket } from "@/lib/s3/client";
import { loggedInPage } from "@/tests/support/auth";
import { launchBrowser } from "@/tests/support/browser";
import { api, describeSteps, type Execution, expectSucceeded, runRoutine } from "@/tests/support/routines";
import { testTag } from "@/tests/support/test-data";
import { cosmoProcessesOn, eventually, host1, host2, host3, host4, killOn, setLink, topology, topologySpec } from "@/tests/support/topology";

// kafkajs is CommonJS: its enums are not named exports to ESM.
const { ConfigResourceTypes } = createRequire(import.meta.url)("kafkajs") as typeof import("kafkajs");

const tag = testTag("multihost");
const CLUSTER = tag;
const KEY = `${tag}-key`;
const BUCKET = "cosmo-multihost-test";
const PREFIX = `${tag}/`;
// About three minutes at this rate: long enough for the three faults in turn.
const RECORDS = 40_000;
const RATE = 220;

interface Entity {
  entity: string;
  state: string;
  detail: string;
}
const entities = (beat: Execution) => beat.result!.entities as Entity[];
const entity = (beat: Execution, name: string) => entities(beat).find((e) => e.entity === name);
const clusterState = async () => (await api("GET", `/api/clusters/${CLUSTER}`)).json.state as string;
// What the cluster page shows besides the state: the hosts the last routine's probe missed.
const lostHosts = async () => (await api("GET", `/api/clusters/${CLUSTER}`)).json.lostHosts as string[];

before(async () => {
  assert.equal((await api("POST", "/api/secrets", { name: KEY, kind: "ssh_key", value: sshdConnection().privateKey.toString() })).status, 201);
  await ensureBucket(BUCKET);
  const options = generatorOptionsSchema.parse({ seed: 14 });
  await writeDataFiles(generateWords(defaultDetectorConfig, options, { records: RECORDS }), { format: "txt", recordsPerFile: 10_000, sink: s3Sink(BUCKET, PREFIX) });
  const created = await api("POST", "/api/clusters", { name: CLUSTER, description: "four namespace hosts", spec: topologySpec(KEY, BUCKET, PREFIX, RATE) });
  assert.equal(created.status, 201, created.text);
});

after(async () => {
  // The test network's removal ends whatever a failed test left on the hosts.
  await db.$disconnect();
});

test("init starts a quorum of three brokers, the master and two workers on their hosts, over SSH", async () => {
  const init = expectSucceeded(await runRoutine(CLUSTER, "init"));
  assert.match(describeSteps(init), /wait for the Kafka quorum of 3/);
  assert.match(describeSteps(init), /replication factor 3, min\.insync\.replicas 2/);
  const on = async (h: typeof host1) => (await cosmoProcessesOn(h)).map((p) => p.command).join("\n");
  for (const h of [host1, host2, host3]) assert.match(await on(h), /kafka\.Kafka/, `a broker on ${h.name}`);
  assert.match(await on(host2), /deploy\.master\.Master/);
  for (const h of [host3, host4]) assert.match(await on(h), /deploy\.worker\.Worker/, `a worker on ${h.name}`);
  assert.doesNotMatch(await on(host4), /kafka\.Kafka/);
  const beat = expectSucceeded(await runRoutine(CLUSTER, "beat"));
  for (const h of [host1, host2, host3]) assert.equal(entity(beat, `kafka broker on ${h.name}`)?.state, "up", describeSteps(beat));
  assert.equal(entity(beat, "kafka replication")?.state, "up", describeSteps(beat));
  for (const h of [host3, host4]) assert.equal(entity(beat, `spark worker on ${h.name}`)?.state, "up", describeSteps(beat));
  assert.equal(await clusterState(), "up");

  // The results topic as Kafka holds it: three replicas, all in sync, writes waiting for two.
  const admin = kafkaClient("multihost-test", [host1, host2, host3].map((h) => `${h.address}:9092`)).admin();
  await admin.connect();
  try {
    const [topic] = (await admin.fetchTopicMetadata({ topics: ["cosmo-results"] })).topics;
    assert.deepEqual(topic!.partitions.map((p) => [p.replicas.length, p.isr.length]), [[3, 3]]);
    const configs = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: "cosmo-results", configNames: ["min.insync.replicas"] }] });
    assert.equal(configs.resources[0]!.configEntries[0]!.configValue, "2");
  } finally {
    await admin.disconnect();
  }
});

/** The application's executors from its own REST API, on the driver's UI (COSMO_HOST, the first free port from 4040). */
async function executorsOf(appId: string): Promise<{ id: string; hostPort: string; completedTasks: number }[]> {
  for (let port = 4040; port < 4060; port++) {
    const base = `http://${env.COSMO_HOST}:${port}/api/v1/applications`;
    const apps = (await fetch(base, { signal: AbortSignal.timeout(10_000) }).then((r) => r.json()).catch(() => [])) as { id: string }[];
    if (apps.some((a) => a.id === appId)) return (await (await fetch(`${base}/${appId}/executors`)).json()) as { id: string; hostPort: string; completedTasks: number }[];
  }
  return [];
}

async function activeHostLostAlarm(runId: string, host: string) {
  const alarm = await hostLostAlarm(runId);
  return alarm?.state === "active" && alarm.detail.includes(host) ? alarm : undefined;
}

async function hostLostAlarm(runId: string): Promise<{ state: string; detail: string } | undefined> {
  const res = await api("GET", `/api/alarms?runId=${runId}&state=all`);
  return (res.json.alarms as { kind: string; state: string; detail: string }[]).find((a) => a.kind === "host-lost");
}

test("a run across the hosts loses a worker host, a broker and a link, and ends with exactly the reference statistics", async () => {
  const runId = expectSucceeded(await runRoutine(CLUSTER, "run")).runId!;
  const reference = (await referenceStatsOfPrefix(BUCKET, PREFIX, defaultDetectorConfig, runId)).filter((m): m is WindowResult => m.schema === "cosmo.window.v1");

  // Both workers' executors compute: the master lists the application, its REST API their tasks.
  const master = `http://${host2.address}:8080/json/`;
  const appId = await eventually("the application on the master", async () => {
    const view = (await (await fetch(master)).json()) as { activeapps: { id: string; name: string; state: string }[] };
    return view.activeapps.find((a) => a.name === `cosmo-stats ${runId}` && a.state === "RUNNING")?.id;
  });
  const executors = await eventually("tasks done on both workers' executors", async () => {
    const list = (await executorsOf(appId)).filter((e) => e.id !== "driver");
    const busy = [host3, host4].map((h) => list.find((e) => e.hostPort.startsWith(`${h.address}:`) && e.completedTasks > 0));
    return busy.every(Boolean) ? list : undefined;
  });
  assert.equal(executors.length, 2, JSON.stringify(executors));

  // 1. A worker host's processes die: the run goes on on the other worker.
  const killed = await killOn(host4, /java|python/);
  assert.ok(killed.some((c) => c.includes("deploy.worker.Worker")), killed.join("\n"));
  const lostWorker = await eventually("beat to see host-4's worker lost", async () => {
    const beat = await runRoutine(CLUSTER, "beat");
    return entity(beat, `spark worker on ${host4.name}`)?.state === "down" ? beat : undefined;
  });
  assert.equal(await clusterState(), "degraded", describeSteps(lostWorker));
  assert.deepEqual(await lostHosts(), [host4.name]);
  // The cluster page says it as a shifter sees it.
  const browser = await launchBrowser();
  try {
    const page = await loggedInPage(browser);
    await page.goto(`${webUrl()}/clusters/${CLUSTER}`);
    await page.getByTestId("cluster-state").filter({ hasText: "degraded" }).waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId("lost-hosts").innerText({ timeout: 30_000 }), /Lost: host-4/);
  } finally {
    await browser.close();
  }
  assert.match((await eventually("the host-lost alarm", () => hostLostAlarm(runId)))?.detail ?? "", /host-4/);
  const storedBefore = (await getRunWindows(runId)).length;
  await eventually("windows stored with one worker", async () => (await getRunWindows(runId)).length > storedBefore + 3);
  expectSucceeded(await runRoutine(CLUSTER, "init"));
  await eventually("the alarm to clear once host-4 is back", async () => (await hostLostAlarm(runId))?.state === "cleared");

  // 2. A broker is killed and restarted: its partitions' replicas carry on meanwhile.
  assert.ok((await killOn(host2, /kafka\.Kafka/)).length === 1);
  const lostBroker = await eventually("beat to see host-2's broker lost", async () => {
    const beat = await runRoutine(CLUSTER, "beat");
    // Until Kafka moves the dead broker's partition leaders, a probe may find no broker answering at all.
    return entity(beat, `kafka broker on ${host2.name}`)?.state === "down" && entity(beat, "kafka replication") ? beat : undefined;
  });
  assert.match(entity(lostBroker, "kafka replication")?.detail ?? "", /under-replicated partition/, describeSteps(lostBroker));
  assert.equal(await clusterState(), "degraded");
  assert.deepEqual(await lostHosts(), [host2.name]);
  await eventually("the host-lost alarm for host-2", () => activeHostLostAlarm(runId, host2.name));
  expectSucceeded(await runRoutine(CLUSTER, "init"));
  await eventually("every partition in sync again", async () => entity(await runRoutine(CLUSTER, "beat"), "kafka replication")?.state === "up");
  await eventually("the alarm to clear once host-2's broker is back", async () => (await hostLostAlarm(runId))?.state === "cleared");

  // 3. A host's link is down for 20 s (its broker and worker unreachable): seen while it lasts, then back.
  const unplugged = Date.now();
  await setLink(host3, "down");
  try {
    const lostLink = await eventually(
      "beat to see host-3's broker lost",
      async () => {
        const beat = await runRoutine(CLUSTER, "beat");
        return entity(beat, `kafka broker on ${host3.name}`)?.state === "down" && entity(beat, "kafka replication") ? beat : undefined;
      },
      60_000,
    );
    assert.equal(await clusterState(), "degraded", describeSteps(lostLink));
    assert.ok((await lostHosts()).includes(host3.name), describeSteps(lostLink));
    await eventually("the host-lost alarm for host-3", () => activeHostLostAlarm(runId, host3.name), 60_000);
    await sleep(Math.max(0, 20_000 - (Date.now() - unplugged)));
  } finally {
    await setLink(host3, "up");
  }

  const stored = await eventually(
    "the reference statistics",
    async () => {
      const windows = await getRunWindows(runId);
      return JSON.stringify(windows) === JSON.stringify(reference) ? windows : undefined;
    },
    6 * 60_000,
  ).catch(async () => getRunWindows(runId));
  assert.deepEqual(stored, reference, `${stored.length} of ${reference.length} windows`);
  // host-3's worker re-registers with the master once its link is back, its broker rejoins the ISR.
  await eventually("every host back after the link fault", async () => (await runRoutine(CLUSTER, "beat")).result?.down?.toString() === "");
  assert.equal(await clusterState(), "running");
  assert.deepEqual(await lostHosts(), []);
  await eventually("the alarm to clear once host-3 is back", async () => (await hostLostAlarm(runId))?.state === "cleared");

  expectSucceeded(await runRoutine(CLUSTER, "halt"));
  const row = await db.run.findUniqueOrThrow({ where: { id: runId } });
  assert.equal(row.status, "halted");
  assert.equal((row.totals as { records: number }).records, RECORDS);
  assert.deepEqual((await cosmoProcessesOn(host1)).filter((p) => p.command.includes("buffer")), [], "the buffer is gone from host-1");
});

test("dismiss stops everything: no process of COSMO is left in any host's namespace", async () => {
  expectSucceeded(await runRoutine(CLUSTER, "dismiss", { deleteTopics: true }));
  for (const h of topology.hosts) {
    const left = await eventually(`nothing left on ${h.name}`, async () => ((await cosmoProcessesOn(h)).length === 0 ? [] : undefined), 30_000).catch(() => cosmoProcessesOn(h));
    assert.deepEqual(left, [], `${h.name} still runs:\n${left.map((p) => p.command).join("\n")}`);
  }
  assert.equal(await clusterState(), "down");
});
