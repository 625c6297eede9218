// The routines on a localhost cluster, for real, through the REST API, the
// job queue and the routine worker: init, run on generated data, beat, a
// killed component restarted by the supervisor, halt with exact totals, dismiss leaving no
// process behind.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { defaultTopics, ensureTopics } from "@/lib/kafka/topics";
import { db } from "@/lib/db";
import { defaultDetectorConfig } from "@/lib/detector/config";
import { env } from "@/lib/env";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { s3Sink } from "@/lib/generator/sinks";
import { generateWords } from "@/lib/generator/stream";
import { writeDataFiles } from "@/lib/generator/write-files";
import { referenceStatsOfPrefix } from "@/lib/pipeline/reference-stats";
import { getRunWindows } from "@/lib/pipeline/run-windows";
import type { WindowResult } from "@/lib/results/schema";
import { consumerDaemon, statsJobDaemon } from "@/lib/routines/run-processes";
import { readHealthDetail } from "@/lib/runs/health-detail";
import { isAlive, processesMentioning, readPid } from "@/lib/runtime/process";
import { kafka } from "@/lib/runtime/services/kafka";
import { sparkMaster, sparkWorker } from "@/lib/runtime/services/spark";
import { ensureBucket } from "@/lib/s3/client";
import { testAdminToken } from "@/tests/support/auth";
import { api, describeSteps, expectSucceeded, requestRoutine, runRoutine, waitForExecution, type Execution } from "@/tests/support/routines";

const BUCKET = "cosmo-routines-test";
const PREFIX = `local-${Date.now()}/`;
const RECORDS = 30_000;
// The preset `cosmo up` stores: this machine, on the test stack's own ports and home.
const CLUSTER = "localhost";
const RUN_PARAMS = { name: "routines test run", bucket: BUCKET, prefix: PREFIX, rate: 5000 };

const entity = (e: Execution, name: string) => (e.result?.entities as { entity: string; state: string; detail: string }[]).find((x) => x.entity === name);

before(async () => {
  await ensureBucket(BUCKET);
  const options = generatorOptionsSchema.parse({ seed: 7 });
  await writeDataFiles(generateWords(defaultDetectorConfig, options, { records: RECORDS }), { format: "txt", recordsPerFile: 10_000, sink: s3Sink(BUCKET, PREFIX) });
});

after(async () => {
  // dismiss stopped the test stack's Kafka and Spark: later test files expect them up.
  for (const service of [kafka, sparkMaster, sparkWorker]) await service.start(() => {});
  await ensureTopics(defaultTopics);
  await db.$disconnect();
});

test("init on a running stack starts nothing twice, says so, creates the results topic and records the cluster up", async () => {
  const init = expectSucceeded(await runRoutine(CLUSTER, "init"));
  const steps = init.steps!;
  assert.deepEqual(steps.map((s) => s.name), ["look at the cluster", "start Kafka on localhost", "start the Spark master on localhost", "start a Spark worker on localhost", "create the topics"]);
  assert.match(steps[0]!.output, /already up/);
  assert.match(steps[1]!.output, /kafka\s+running/);
  assert.equal(init.requestedBy, (await testAdminToken()).actorName, "who asked: the token's user and name");
  const cluster = await db.clusterConfig.findUniqueOrThrow({ where: { name: CLUSTER } });
  assert.equal(cluster.state, "up");
});

let runId = "";

test("run opens a run, and a second routine meanwhile is refused with 409", async () => {
  const queued = await requestRoutine(CLUSTER, "run", RUN_PARAMS);
  const busy = await api("POST", `/api/clusters/${CLUSTER}/routines/beat`);
  assert.equal(busy.status, 409, busy.text);
  assert.match((busy.json.error as { message: string }).message, /busy: run/);
  const run = expectSucceeded(await waitForExecution(queued.id));
  runId = run.runId!;
  assert.ok(runId);
  const row = await db.run.findUniqueOrThrow({ where: { id: runId } });
  assert.equal(row.status, "running");
  assert.equal(row.startedBy, (await testAdminToken()).actorName);
  assert.deepEqual(row.source, { bucket: BUCKET, prefix: PREFIX });
  const cluster = await db.clusterConfig.findUniqueOrThrow({ where: { name: CLUSTER } });
  assert.deepEqual(row.config, cluster.spec, "the configuration is frozen into the run");
  assert.equal((await db.clusterConfig.findUniqueOrThrow({ where: { name: CLUSTER } })).state, "running");
});

test("beat reports every entity up while the run goes", async () => {
  const beat = expectSucceeded(await runRoutine(CLUSTER, "beat"));
  for (const name of ["kafka broker on localhost", "kafka replication", "spark master", "spark worker on localhost", "spark application", "results consumer", "topic cosmo-results"]) {
    assert.equal(entity(beat, name)?.state, "up", `${name}\n${describeSteps(beat)}`);
  }
  assert.deepEqual(beat.result?.down, [], describeSteps(beat));
});

test("the run's windows equal the reference statistics of the data it replays", async () => {
  const reference = (await referenceStatsOfPrefix(BUCKET, PREFIX, defaultDetectorConfig, runId)).filter((m): m is WindowResult => m.schema === "cosmo.window.v1");
  const deadline = Date.now() + 6 * 60_000;
  let stored: WindowResult[] = [];
  while (Date.now() < deadline) {
    stored = await getRunWindows(runId);
    if (JSON.stringify(stored) === JSON.stringify(reference)) break;
    await sleep(1000);
  }
  assert.deepEqual(stored, reference, `${stored.length} of ${reference.length} windows`);
});

test("a killed consumer is restarted by the supervisor and counted in the run's health", async () => {
  const name = consumerDaemon((await db.clusterConfig.findUniqueOrThrow({ where: { name: CLUSTER } })).id);
  const record = readPid(name);
  assert.ok(isAlive(record), "the consumer runs");
  process.kill(-record.pid, "SIGKILL");
  const deadline = Date.now() + 60_000;
  const restarts = async () => readHealthDetail((await db.run.findUniqueOrThrow({ where: { id: runId } })).healthDetail).components.consumer?.restarts ?? 0;
  while (!(isAlive(readPid(name)) && readPid(name)!.pid !== record.pid && (await restarts()) === 1)) {
    assert.ok(Date.now() < deadline, "the supervisor restarted the consumer within 60 s");
    await sleep(200);
  }
  const beat = expectSucceeded(await runRoutine(CLUSTER, "beat"));
  assert.equal(entity(beat, "results consumer")?.state, "up", describeSteps(beat));
});

test("halt stops the job and the buffer and closes the run with its totals; halting again is fine", async () => {
  const halt = expectSucceeded(await runRoutine(CLUSTER, "halt"));
  assert.equal(halt.steps!.find((s) => s.name === "stop the results consumer")?.status, "succeeded", "the restarted consumer is stopped");
  const row = await db.run.findUniqueOrThrow({ where: { id: runId } });
  assert.equal(row.status, "halted");
  assert.ok(row.endedAt);
  assert.equal((row.totals as { records: number }).records, RECORDS, "every record counted once");
  const totals = row.totals as { sent: number; processed: number; stored: number; loss: unknown };
  assert.deepEqual([totals.sent, totals.processed, totals.stored, totals.loss], [RECORDS, RECORDS, RECORDS, null], "nothing lost");
  assert.equal(isAlive(readPid(statsJobDaemon(runId))), false);
  assert.deepEqual(processesMentioning(runId), [], "no process of the run is left");
  assert.equal((await db.clusterConfig.findUniqueOrThrow({ where: { name: CLUSTER } })).state, "up");

  const again = expectSucceeded(await runRoutine(CLUSTER, "halt"));
  assert.equal(again.steps![0]!.status, "skipped");
  assert.match(again.steps![0]!.output, /nothing to halt/);
});

test("dismiss deletes the topics and stops Kafka and Spark, leaving no process behind", async () => {
  const dismiss = expectSucceeded(await runRoutine(CLUSTER, "dismiss", { deleteTopics: true }));
  assert.match(dismiss.steps!.find((s) => s.name === "delete the topics")!.output, /cosmo-results/);
  for (const service of [kafka, sparkMaster, sparkWorker]) assert.equal((await service.status()).state, "stopped", service.name);
  const leftovers = processesMentioning(env.COSMO_HOME).filter((p) => /kafka\.Kafka|deploy\.master|deploy\.worker|stats_job/.test(p.command));
  assert.deepEqual(leftovers, []);
  assert.equal((await db.clusterConfig.findUniqueOrThrow({ where: { name: CLUSTER } })).state, "down");
});

test("run on a dismissed cluster fails with a clear message and leaves no run open", async () => {
  const run = await runRoutine(CLUSTER, "run", RUN_PARAMS);
  assert.equal(run.status, "failed");
  assert.match(run.error ?? "", /run init first/);
  assert.equal(await db.run.count({ where: { cluster: { name: CLUSTER }, status: { in: ["pending", "running"] } } }), 0);
});
