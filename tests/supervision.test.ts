// Runs that never fail silently, on the localhost preset, through the real
// routines, with no operator action: five faults, each on its own run and
// mid-run: buffer SIGKILL, results consumer SIGKILL, Spark driver SIGKILL,
// the Kafka broker SIGKILLed and started 15 s later, PostgreSQL stopped for
// 15 s. Each must raise its pipeline alarm, show the run degraded, recover,
// clear the alarm and show the run ok; each run then ends with exactly the
// reference statistics, window by window, and halt reports nothing lost. A
// run halted while its Spark job is stalled says what it lost: records sent,
// processed and stored.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { setBufferRate } from "@/lib/buffer/set-buffer-rate";
import { db } from "@/lib/db";
import { defaultDetectorConfig } from "@/lib/detector/config";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { s3Sink } from "@/lib/generator/sinks";
import { generateWords } from "@/lib/generator/stream";
import { writeDataFiles } from "@/lib/generator/write-files";
import { referenceStatsOfPrefix } from "@/lib/pipeline/reference-stats";
import { getRunWindows } from "@/lib/pipeline/run-windows";
import type { WindowResult } from "@/lib/results/schema";
import { bufferDaemon, consumerDaemon, statsJobDaemon } from "@/lib/routines/run-processes";
import { readHealthDetail } from "@/lib/runs/health-detail";
import { isAlive, readPid } from "@/lib/runtime/process";
import { kafka } from "@/lib/runtime/services/kafka";
import { postgres } from "@/lib/runtime/services/postgres";
import { ensureBucket } from "@/lib/s3/client";
import { pipelineAlarmKey } from "@/lib/supervision/pipeline-alarms";
import { expectSucceeded, runRoutine } from "@/tests/support/routines";

const BUCKET = "cosmo-supervision-test";
const PREFIX = `faults-${Date.now()}/`;
// One dataset, read by every run.
const RECORDS = 24_000;
const CLUSTER = "localhost";
// Slow enough that a fault lands mid-run however loaded the machine (24,000 records would take
// 4 min); the rest goes at full speed once the run has recovered.
const RATE = 100;
const OUTAGE_MS = 15_000;

let runId = "";
let clusterId = "";

before(async () => {
  await ensureBucket(BUCKET);
  const options = generatorOptionsSchema.parse({ seed: 11 });
  await writeDataFiles(generateWords(defaultDetectorConfig, options, { records: RECORDS }), { format: "txt", recordsPerFile: 8_000, sink: s3Sink(BUCKET, PREFIX) });
  clusterId = (await db.clusterConfig.findUniqueOrThrow({ where: { name: CLUSTER } })).id;
  expectSucceeded(await runRoutine(CLUSTER, "init"));
});

after(async () => {
  // Whatever happened, the stack is left up for the next test file.
  await postgres.start(() => {});
  await kafka.start(() => {});
  await db.$disconnect();
});

/** Polls while PostgreSQL may be away: a refused query is a "not yet". */
async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined && value !== false) return value;
    assert.ok(Date.now() < deadline, `timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}

const runRow = () => db.run.findUniqueOrThrow({ where: { id: runId } });
const windowCount = () => db.runWindow.count({ where: { runId } });
const alarmsOf = (key: string) => db.alarm.findMany({ where: { key }, orderBy: { raisedAt: "asc" } });

/**
 * One fault: inject it, then wait for its alarm raised, the run degraded, the
 * component back, the first window stored after the recovery, the alarm
 * cleared and the run ok again. Prints the time from fault to first new window.
 */
async function fault(label: string, alarmKey: string, component: string | null, inject: () => Promise<void>): Promise<void> {
  const before = await db.alarm.count({ where: { key: alarmKey } });
  const restartsBefore = component ? (readHealthDetail((await runRow()).healthDetail).components[component]?.restarts ?? 0) : 0;
  assert.equal((await db.bufferPosition.findUniqueOrThrow({ where: { runId } })).state, "running", "the fault lands mid-run");
  // The run's health as a viewer polling the API would see it, every 200 ms through the fault.
  const healths = new Set<string>();
  const sampler = setInterval(() => void runRow().then((r) => healths.add(r.health), () => {}), 200);
  try {
    await recover(label, alarmKey, component, inject, { before, restartsBefore });
  } finally {
    clearInterval(sampler);
  }
  assert.ok(healths.has("degraded"), `the run showed degraded during the fault (seen: ${[...healths].join(", ")})`);
}

/** Injects the fault and follows the run through it to its recovery. */
async function recover(label: string, alarmKey: string, component: string | null, inject: () => Promise<void>, { before, restartsBefore }: { before: number; restartsBefore: number }): Promise<void> {
  const at = Date.now();
  await inject();
  const raised = await until(`the ${alarmKey} alarm`, async () => (await alarmsOf(alarmKey)).slice(before)[0]);
  console.log(`${label}: alarm "${raised.title}" raised ${((raised.raisedAt.getTime() - at) / 1000).toFixed(1)} s after the fault`);
  if (component) {
    const detail = await until(`${component} restarted`, async () => {
      const d = readHealthDetail((await runRow()).healthDetail);
      return (d.components[component]?.restarts ?? 0) > restartsBefore && d.components[component]?.state === "up" && d;
    });
    assert.ok(detail.components[component]!.lastError, `${component}: the last error line is recorded`);
  }
  const recoveredWith = await windowCount();
  await until("a window stored after the recovery", async () => (await windowCount()) > recoveredWith);
  console.log(`${label}: first new stored window ${((Date.now() - at) / 1000).toFixed(1)} s after the fault`);
  const cleared = await until(`the ${alarmKey} alarm cleared`, async () => (await alarmsOf(alarmKey)).slice(before).every((a) => a.state === "cleared") && (await alarmsOf(alarmKey)).at(-1));
  assert.ok(cleared.clearedAt);
  await until("the run ok again", async () => (await runRow()).health === "ok");
}

/** SIGKILL to a daemon of the test stack's home, found by its pid file: never another stack's process. */
async function killDaemon(name: string, group: boolean): Promise<void> {
  const record = readPid(name);
  assert.ok(isAlive(record), `${name} runs before the fault`);
  process.kill(group ? -record.pid : record.pid, "SIGKILL");
  while (isAlive(record)) await sleep(50);
}

/** A run of the dataset on the localhost preset, opened by the run routine, storing windows and (unless told) healthy. */
async function openRun(name: string, { healthy = true } = {}): Promise<void> {
  const run = expectSucceeded(await runRoutine(CLUSTER, "run", { name, bucket: BUCKET, prefix: PREFIX, rate: RATE }));
  runId = run.runId!;
  await until("the first windows", async () => (await windowCount()) >= 3);
  // The first windows wait for the job's first, slow micro-batches: their latency may pass the bound until later ones come in time.
  if (healthy) await until("the run healthy", async () => readHealthDetail((await runRow()).healthDetail).checkedAt !== null && (await runRow()).health === "ok");
}

/** The rest of the input at full speed; then exactly the reference statistics, and halt reports nothing lost. */
async function endsExactly(component: string | null): Promise<void> {
  await setBufferRate(runId, 0);
  const reference = (await referenceStatsOfPrefix(BUCKET, PREFIX, defaultDetectorConfig, runId)).filter((m): m is WindowResult => m.schema === "cosmo.window.v1");
  let stored: WindowResult[] = [];
  await until("the reference windows", async () => {
    stored = await getRunWindows(runId);
    return JSON.stringify(stored) === JSON.stringify(reference);
  }, 240_000).catch(() => assert.deepEqual(stored, reference, `${stored.length} of ${reference.length} windows`));
  expectSucceeded(await runRoutine(CLUSTER, "halt"));
  const row = await runRow();
  assert.equal(row.status, "halted");
  const totals = row.totals as { records: number; sent: number; processed: number; stored: number; loss: string | null };
  assert.deepEqual([totals.records, totals.sent, totals.processed, totals.stored, totals.loss], [RECORDS, RECORDS, RECORDS, RECORDS, null]);
  assert.equal(await db.alarm.count({ where: { runId, state: "active" } }), 0, "no alarm of the run stays active");
  if (component) assert.ok((readHealthDetail(row.healthDetail).components[component]?.restarts ?? 0) >= 1, `${component} was restarted`);
}

test("buffer SIGKILL mid-run: restarted from its cursor, alarm raised and cleared, exactly the reference statistics", async () => {
  await openRun("supervision: buffer SIGKILL");
  await fault("kill buffer", pipelineAlarmKey("component-down", runId, "buffer"), "buffer", () => killDaemon(bufferDaemon(runId), true));
  await endsExactly("buffer");
});

test("results consumer SIGKILL mid-run: restarted from its committed offsets, alarm raised and cleared, exactly the reference statistics", async () => {
  await openRun("supervision: consumer SIGKILL");
  await fault("kill consumer", pipelineAlarmKey("component-down", runId, "consumer"), "consumer", () => killDaemon(consumerDaemon(clusterId), true));
  await endsExactly("consumer");
});

test("Spark driver SIGKILL mid-run: resubmitted from its checkpoint, alarm raised and cleared, exactly the reference statistics", async () => {
  await openRun("supervision: Spark driver SIGKILL");
  await fault("kill Spark driver", pipelineAlarmKey("component-down", runId, "driver"), "driver", () => killDaemon(statsJobDaemon(runId), false));
  await endsExactly("driver");
});

test("Kafka broker SIGKILL mid-run, started again 15 s later: the run rides it out, alarm raised and cleared, exactly the reference statistics", async () => {
  await openRun("supervision: Kafka broker SIGKILL");
  await fault("kill Kafka broker", pipelineAlarmKey("component-down", runId, "kafka"), null, async () => {
    await killDaemon("kafka", true);
    await sleep(OUTAGE_MS);
    await kafka.start(() => {});
  });
  await endsExactly(null);
});

test("PostgreSQL stopped for 15 s mid-run: the run rides it out, alarm raised (dated from the outage) and cleared, exactly the reference statistics", async () => {
  await openRun("supervision: PostgreSQL stopped");
  await fault("stop PostgreSQL", pipelineAlarmKey("component-down", runId, "database"), null, async () => {
    await postgres.stop(() => {});
    await sleep(OUTAGE_MS);
    await postgres.start(() => {});
  });
  await endsExactly(null);
});

test("a run halted while its Spark job is stalled says what it lost: records sent, processed by the job and stored", async () => {
  await openRun("supervision: halted with a loss", { healthy: false });
  const driver = readPid(statsJobDaemon(runId));
  assert.ok(driver && isAlive(driver), "the Spark driver runs");
  // The driver stopped, not dead: the supervisor sees it alive (a stall counts only after 90 s), and the job reads no more.
  process.kill(driver.pid, "SIGSTOP");
  try {
    const sentBefore = Number((await db.bufferPosition.findUniqueOrThrow({ where: { runId } })).recordsSent);
    await until("records sent the stopped job never reads", async () => Number((await db.bufferPosition.findUniqueOrThrow({ where: { runId } })).recordsSent) > sentBefore + 500);
    expectSucceeded(await runRoutine(CLUSTER, "halt"));
  } finally {
    if (isAlive(driver)) process.kill(driver.pid, "SIGCONT");
  }
  const row = await runRow();
  assert.equal(row.status, "halted");
  const totals = row.totals as { records: number; sent: number; processed: number | null; stored: number; loss: string | null };
  const windows = await db.runWindow.findMany({ where: { runId }, select: { records: true } });
  assert.equal(totals.stored, windows.reduce((n, w) => n + w.records, 0) + row.unwindowedMalformed, "stored: the records of the stored windows");
  assert.ok(totals.processed !== null && totals.processed > 0, `the job processed what it read before it stopped (${totals.processed})`);
  assert.ok(totals.processed < totals.sent && totals.sent < RECORDS, `processed ${totals.processed} < sent ${totals.sent} < ${RECORDS}`);
  assert.match(totals.loss ?? "", /^the input was not all sent \(\d+ bytes left in and after .+\); \d+ of \d+ records sent were never processed by the Spark job/);
  assert.ok(
    totals.loss!.includes(`${totals.sent - totals.processed} of ${totals.sent} records sent were never processed by the Spark job`),
    totals.loss!,
  );
  console.log(`halted with the Spark driver stopped: ${totals.loss}`);
  assert.ok(totals.loss!.endsWith(`: ${totals.sent} sent, ${totals.processed} processed, ${totals.stored} stored`), totals.loss!);
});
