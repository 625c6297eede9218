// The Spark statistics job (workers/spark/stats_job.py) against the TypeScript
// reference statistics (lib/detector/window-stats.ts): streaming from Kafka,
// batch from files, a kill and restart from the checkpoint. Every result
// message must parse with the wire schema and equal the reference exactly.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { before, test } from "node:test";
import { Partitioners } from "kafkajs";
import { type DetectorConfig, defaultDetectorConfig, detectorConfigSchema } from "@/lib/detector/config";
import { scanFile } from "@/lib/detector/scan";
import { WindowAccumulator } from "@/lib/detector/window-stats";
import { env, repoRoot } from "@/lib/env";
import { encodeWords, isDatEncodable } from "@/lib/generator/encode";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { generateBatches, generateTextLines } from "@/lib/generator/stream";
import { kafkaClient } from "@/lib/kafka/client";
import { ensureTopics } from "@/lib/kafka/topics";
import { type ResultMessage, resultMessageSchema } from "@/lib/results/schema";
import { homeDir } from "@/lib/runtime/paths";
import { kafka } from "@/lib/runtime/services/kafka";
import { httpJson, processesMentioning } from "@/lib/runtime/process";
import { sparkMaster, sparkMasterUiUrl, sparkMasterUrl, sparkWorker } from "@/lib/runtime/services/spark";
import { ensureStatsJobPython, runStatsAvailableNow, runStatsBatch, startStatsStream } from "@/lib/spark/stats-job";
import { hitMessage } from "@/lib/buffer/hit-message";
import { listObjects } from "@/lib/buffer/list-objects";
import { ensureBucket, s3Endpoint } from "@/lib/s3/client";
import { s3Credentials } from "@/lib/s3/credentials";
import { writeS3aProperties } from "@/lib/spark/s3a-checkpoint";
import { openPieceReader } from "@/lib/buffer/piece-reader";
import { NO_ORBIT } from "@/lib/detector/extended-orbit";
import { ORBIT_LIMIT } from "@/lib/detector/record";
import { cosmo } from "@/tests/support/cli";
import { mutationCorpus } from "@/tests/support/mutation-corpus";

const progress = (m: string) => console.log(`# ${m}`);
const EXCERPT = path.join(repoRoot, "tests", "fixtures", "mapd-excerpt.txt");
const SHARED_EXCERPT = path.join(repoRoot, "..", "shared", "fixtures", "mapd-excerpt.txt");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "cosmo-spark-stats-"));

before(async () => {
  if (!fs.existsSync(EXCERPT)) fs.copyFileSync(SHARED_EXCERPT, EXCERPT);
  for (const service of [kafka, sparkMaster, sparkWorker]) await service.install(() => {});
  for (const service of [kafka, sparkMaster, sparkWorker]) await service.start(() => {});
  await ensureStatsJobPython(progress);
}, { timeout: 15 * 60_000 });

// ---------------------------------------------------------------- helpers

const uniq = () => randomUUID().slice(0, 8);

async function reference(file: string, config: DetectorConfig, runId: string): Promise<ResultMessage[]> {
  const acc = new WindowAccumulator(config, runId);
  await scanFile(file, (parsed) => acc.add(parsed));
  return acc.results();
}

async function topics(id: string): Promise<{ hits: string; results: string }> {
  const names = { hits: `stats-test-hits-${id}`, results: `stats-test-results-${id}` };
  await ensureTopics([
    { name: names.hits, partitions: 2, retentionMs: 3_600_000 },
    // One partition: the order of the messages is the order they were written, so "last wins" is well defined.
    { name: names.results, partitions: 1, retentionMs: 3_600_000 },
  ]);
  return names;
}

/** Text lines as hits messages (the buffer worker's format): `perMessage` lines each, spread over the partitions. */
async function produceLines(topic: string, lines: string[], perMessage: number): Promise<number> {
  const producer = kafkaClient("stats-test").producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let messages = 0;
  try {
    let batch: { key: string; value: Buffer }[] = [];
    for (let i = 0; i < lines.length; i += perMessage) {
      batch.push({ key: String(messages++), value: Buffer.from(lines.slice(i, i + perMessage).join("\n"), "latin1") });
      if (batch.length === 20) {
        await producer.send({ topic, messages: batch });
        batch = [];
      }
    }
    if (batch.length > 0) await producer.send({ topic, messages: batch });
  } finally {
    await producer.disconnect();
  }
  return messages;
}

async function topicSize(topic: string): Promise<number> {
  const admin = kafkaClient("stats-test").admin();
  await admin.connect();
  try {
    return (await admin.fetchTopicOffsets(topic)).reduce((n, p) => n + Number(p.high), 0);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Objects as the buffer worker sends them (lib/buffer: whole lines, .dat as
 * text, overlong lines replaced, each message with the orbit reference its
 * lines continue from), the run's messages alternating over the partitions.
 */
async function produceObjects(topic: string, runId: string, objects: { name: string; bytes: Buffer }[]): Promise<number> {
  const producer = kafkaClient("stats-test").producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  let seq = 0;
  let orbit = NO_ORBIT;
  try {
    for (const { name, bytes } of objects) {
      async function* chunks() {
        for (let at = 0; at < bytes.length; at += 65_536) yield bytes.subarray(at, at + 65_536);
      }
      const reader = openPieceReader(name, chunks(), 0, orbit, () => {});
      const messages = [];
      for (let piece = await reader.read(5_000, 256 * 1024); piece; piece = await reader.read(5_000, 256 * 1024)) {
        messages.push(hitMessage(runId, name, piece, ++seq, 2));
        orbit = piece.orbitAfter;
      }
      for (let i = 0; i < messages.length; i += 2) await producer.send({ topic, messages: messages.slice(i, i + 2) });
    }
  } finally {
    await producer.disconnect();
  }
  return seq;
}

/** Every message of the topic, in order, as [key, value]. */
async function readAll(topic: string): Promise<[string, string][]> {
  const total = await topicSize(topic);
  const got: [string, string][] = [];
  if (total === 0) return got;
  const consumer = kafkaClient("stats-test").consumer({ groupId: `stats-test-${uniq()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`read ${got.length} of ${total} messages of ${topic}`)), 60_000);
    void consumer.run({
      eachMessage: async ({ message }) => {
        got.push([message.key?.toString() ?? "", message.value?.toString() ?? ""]);
        if (got.length === total) {
          clearTimeout(timer);
          resolve();
        }
      },
    });
  }).finally(() => consumer.disconnect());
  return got;
}

/** The final result set: each message parsed with the wire schema, the last one per key kept, in reference order. */
function finalResults(messages: [string, string][], runId: string): ResultMessage[] {
  const byKey = new Map<string, ResultMessage>();
  const closed: number[] = [];
  for (const [key, value] of messages) {
    const parsed = resultMessageSchema.parse(JSON.parse(value));
    assert.equal(parsed.runId, runId);
    if (parsed.schema === "cosmo.progress.v1") {
      // The live job's figures for the pipeline strip, not statistics.
      assert.equal(key, `${runId}:progress`);
      closed.push(...parsed.windows.map((w) => w.window));
      continue;
    }
    assert.equal(key, `${runId}:${parsed.schema === "cosmo.window.v1" ? parsed.window : "unwindowed"}`);
    byKey.set(key, parsed);
  }
  const windows = [...byKey.values()].filter((m) => m.schema === "cosmo.window.v1").sort((a, b) => a.window - b.window);
  const known = new Set(windows.map((w) => w.window));
  for (const w of closed) assert.ok(known.has(w), `a progress message names window ${w}, which the job never sent`);
  return [...windows, ...[...byKey.values()].filter((m) => m.schema === "cosmo.unwindowed.v1")];
}

function readJsonl(file: string): ResultMessage[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => resultMessageSchema.parse(JSON.parse(l)));
}

/** Compares window by window first, so a failure names the window and field. */
function assertSameResults(actual: ResultMessage[], expected: ResultMessage[], what: string) {
  const key = (m: ResultMessage) => (m.schema === "cosmo.window.v1" ? String(m.window) : "unwindowed");
  assert.deepEqual(actual.map(key), expected.map(key), `${what}: the set of windows`);
  expected.forEach((e, i) => assert.deepEqual(actual[i], e, `${what}: window ${key(e)}`));
}

/** Generated lines with the awkward ones mixed in: malformed, unreadable, CRLF, header, empty. */
async function generatedLines(seconds: number, seed: number): Promise<string[]> {
  const options = generatorOptionsSchema.parse({ seed });
  const lines: string[] = [];
  for await (const line of generateTextLines(defaultDetectorConfig, options, { seconds })) lines.push(line);
  const odd = [
    "2,0,5,12x,3,4", // unreadable: ORBIT_CNT not an integer
    "2,0,5", // unreadable: no ORBIT_CNT
    "HEAD,FPGA,TDC_CHANNEL,ORBIT_CNT,BX_COUNTER,TDC_MEAS",
    "",
  ];
  for (let i = 997; i < lines.length; i += 997) {
    const cols = lines[i]!.split(",");
    lines[i] += "\r";
    // A malformed line in the orbit of its neighbours: the same window.
    if (cols[0] === "2") lines.splice(i + 1, 0, `2,0,999,${cols[3]},1,1`, `2,1,7,${cols[3]},4000,1`, odd[(i / 997) % odd.length]!);
  }
  return lines;
}

/**
 * Lines at every edge of the text rules: signs, spaces, decimals, exponents,
 * leading zeros, values past 2^32 or past the field limits, wrong column
 * counts, CR endings, header-like lines. Deterministic (a small LCG).
 */
function edgeCaseLines(count: number): string[] {
  let seed = 12345;
  const pick = <T>(items: T[]): T => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return items[seed % items.length]!;
  };
  const heads = ["2", "2", "2", "0", "1", "4", "5", "02", "+2", " 2", "2 ", "2.0", "", "x", "4294967295", "4294967296", "-2"];
  const fpgas = ["0", "1", "1", "15", "16", "01", "-0"];
  const channels = ["0", "5", "63", "64", "127", "128", "128", "129", "137", "138", "511", "512", "0070"];
  const bxs = ["0", "17", "3563", "3564", "4095", "1e3", "12.5"];
  const tdcs = ["0", "7", "29", "30", "31", "32", "-0.573730", "45.500000"];
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const orbit = 3_387_200_000 + ((i * 37) % 40_000);
    const orbits = [String(orbit), String(orbit), String(orbit), `0${orbit}`, `${orbit} `, `+${orbit}`, "4294967295", "4294967296", "", "-1", "99999999999999999999999", `${orbit}.0`];
    let cols = [pick(heads), pick(fpgas), pick(channels), pick(orbits), pick(bxs), pick(tdcs)];
    const shape = pick([0, 0, 0, 0, 0, 0, 1, 2, 3]);
    if (shape === 1) cols = cols.slice(0, 5);
    if (shape === 2) cols = [...cols, "1"];
    if (shape === 3) cols = cols.slice(0, 3);
    lines.push(cols.join(",") + pick(["", "", "", "\r", "\r\r"]));
    if (i % 500 === 0) lines.push("HEAD,FPGA,TDC_CHANNEL,ORBIT_CNT,BX_COUNTER,TDC_MEAS", "", " HEAD,FPGA,TDC_CHANNEL,ORBIT_CNT,BX_COUNTER,TDC_MEAS", "HEAD,FPGA,TDC_CHANNEL,ORBIT_CNT,BX_COUNTER,TDC_MEAS\r");
  }
  return lines;
}

// ---------------------------------------------------------------- tests

test("(a) streaming, available-now: the real excerpt through Kafka equals the reference", { timeout: 10 * 60_000 }, async () => {
  const id = uniq();
  const runId = `excerpt-${id}`;
  const t = await topics(id);
  const lines = fs.readFileSync(EXCERPT, "latin1").split("\n");
  await produceLines(t.hits, lines, 10);
  const { durationMs } = await runStatsAvailableNow({
    runId,
    hitsTopic: t.hits,
    resultsTopic: t.results,
    checkpointBase: homeDir("spark", "checkpoints", `stats-test-${id}`),
  });
  progress(`excerpt, streaming available-now in local mode: ${durationMs} ms`);
  const expected = await reference(EXCERPT, defaultDetectorConfig, runId);
  assertSameResults(finalResults(await readAll(t.results), runId), expected, "excerpt, streaming");
  const windows = expected.filter((m) => m.schema === "cosmo.window.v1");
  assert.equal(windows.reduce((n, w) => n + w.totalHits, 0), 37);
});

test("(b) batch mode on the same file gives the same results", { timeout: 10 * 60_000 }, async () => {
  const runId = `excerpt-batch-${uniq()}`;
  const output = path.join(tmp, `${runId}.jsonl`);
  const { durationMs } = await runStatsBatch({ runId, input: EXCERPT, output });
  progress(`excerpt, batch: ${durationMs} ms`);
  assertSameResults(readJsonl(output), await reference(EXCERPT, defaultDetectorConfig, runId), "excerpt, batch");
});

test("(c) generated data over many messages, partitions and micro-batches equals the reference, streaming and batch (.txt and .dat)", { timeout: 15 * 60_000 }, async () => {
  const id = uniq();
  const runId = `generated-${id}`;
  // A non-default configuration: short windows (more of them), finer drift bins.
  const config = detectorConfigSchema.parse({ orbitsPerWindow: 5_000, driftBins: { minNs: -100, maxNs: 500, binNs: 2.5 } });
  const lines = await generatedLines(30, 7);
  const file = path.join(tmp, `${runId}.txt`);
  fs.writeFileSync(file, lines.join("\n") + "\n", "latin1");
  const expected = await reference(file, config, runId);
  const windows = expected.filter((m) => m.schema === "cosmo.window.v1");
  assert.ok(windows.length >= 50, `${windows.length} windows`);
  assert.ok(windows.some((w) => w.dropped.malformed > 0) && windows.some((w) => w.scintillatorOrbits > 0));
  assert.ok(expected.some((m) => m.schema === "cosmo.unwindowed.v1" && m.malformed > 0));

  const t = await topics(id);
  const messages = await produceLines(t.hits, lines, 500);
  const { durationMs } = await runStatsAvailableNow({
    runId,
    detector: config,
    master: sparkMasterUrl(),
    hitsTopic: t.hits,
    resultsTopic: t.results,
    checkpointBase: homeDir("spark", "checkpoints", `stats-test-${id}`),
    // Many micro-batches, so that windows close on the watermark mid-stream.
    maxOffsetsPerTrigger: 6,
  });
  progress(`${lines.length} lines in ${messages} messages, streaming on the standalone cluster: ${durationMs} ms`);
  assertSameResults(finalResults(await readAll(t.results), runId), expected, "generated, streaming");

  const output = path.join(tmp, `${runId}.jsonl`);
  await runStatsBatch({ runId, detector: config, input: file, output });
  assertSameResults(readJsonl(output), expected, "generated, batch .txt");

  // The .dat form of generated words (the encodable ones) decodes to the same statistics.
  const dir = path.join(tmp, `${runId}-dat`);
  fs.mkdirSync(dir);
  const options = generatorOptionsSchema.parse({ seed: 11 });
  const words = [...generateBatches(defaultDetectorConfig, options, { seconds: 10, keep: isDatEncodable })].flat();
  fs.writeFileSync(path.join(dir, "data_000000.dat"), encodeWords(words.slice(0, 4000), "dat"));
  // A truncated last word: one unreadable record.
  fs.writeFileSync(path.join(dir, "data_000001.dat"), Buffer.concat([encodeWords(words.slice(4000), "dat"), Buffer.from([1, 2, 3])]));
  const datOutput = path.join(tmp, `${runId}-dat.jsonl`);
  await runStatsBatch({ runId, input: dir, output: datOutput });
  const datExpected = new WindowAccumulator(defaultDetectorConfig, runId);
  for (const f of ["data_000000.dat", "data_000001.dat"]) await scanFile(path.join(dir, f), (p) => datExpected.add(p));
  const datResults = datExpected.results();
  assert.ok(datResults.some((m) => m.schema === "cosmo.unwindowed.v1" && m.malformed === 1));
  assertSameResults(readJsonl(datOutput), datResults, "generated, batch .dat");
});

test("(d) a streaming job killed mid-way and restarted from its checkpoint ends with exactly the reference", { timeout: 15 * 60_000 }, async () => {
  const id = uniq();
  const runId = `restart-${id}`;
  const lines = await generatedLines(120, 3);
  const file = path.join(tmp, `${runId}.txt`);
  fs.writeFileSync(file, lines.join("\n") + "\n", "latin1");
  const expected = await reference(file, defaultDetectorConfig, runId);
  const t = await topics(id);
  await produceLines(t.hits, lines, 500);
  const job = {
    runId,
    hitsTopic: t.hits,
    resultsTopic: t.results,
    checkpointBase: homeDir("spark", "checkpoints", `stats-test-${id}`),
    maxOffsetsPerTrigger: 4,
  };

  const first = await startStatsStream({ ...job, triggerMs: 200, idleFlushMs: 0 });
  const deadline = Date.now() + 5 * 60_000;
  while ((await topicSize(t.results)) === 0) {
    if (Date.now() > deadline || first.child.exitCode !== null) {
      first.kill();
      assert.fail(`no result before the kill\n${first.output().slice(-3000)}`);
    }
    await sleep(200);
  }
  first.kill("SIGKILL");
  await first.exited;
  const beforeRestart = await topicSize(t.results);
  progress(`killed after ${beforeRestart} result message(s)`);
  assert.ok(beforeRestart < expected.length, "the kill came before the end");

  const restart = await runStatsAvailableNow(job);
  const log = (text: string) => text.split("\n").filter((l) => l.includes("cosmo-stats")).join("\n");
  assertSameResults(finalResults(await readAll(t.results), runId), expected, `after kill and restart\n${log(first.output())}\n---\n${log(restart.output)}`);
});

test("(e) lines at every edge of the text rules are classified as the reference does", { timeout: 10 * 60_000 }, async () => {
  const runId = `edges-${uniq()}`;
  const config = detectorConfigSchema.parse({ scintillator: [{ fpga: 1, channel: 128 }, { fpga: 0, channel: 129 }] });
  const file = path.join(tmp, `${runId}.txt`);
  fs.writeFileSync(file, edgeCaseLines(4000).join("\n"), "latin1");
  const expected = await reference(file, config, runId);
  const windows = expected.filter((m) => m.schema === "cosmo.window.v1");
  const sum = (f: (w: (typeof windows)[number]) => number) => windows.reduce((n, w) => n + f(w), 0);
  // Every outcome occurs, so the comparison covers every rule.
  assert.ok(sum((w) => w.totalHits) > 0 && sum((w) => w.dropped.malformed) > 0 && sum((w) => w.dropped.unmappedChannel) > 0);
  assert.ok(sum((w) => Object.keys(w.dropped.head).length) > 0 && sum((w) => w.scintillatorOrbits) > 0);
  assert.ok(expected.some((m) => m.schema === "cosmo.unwindowed.v1" && m.malformed > 0));
  const output = path.join(tmp, `${runId}.jsonl`);
  await runStatsBatch({ runId, detector: config, input: file, output });
  assertSameResults(readJsonl(output), expected, "edge cases, batch");
});

test("(f) over 100,000 mutated records across the orbit wrap: cosmo stats, the batch mode and the stream mode agree on every window and drop count", { timeout: 15 * 60_000 }, async () => {
  const id = uniq();
  const runId = `corpus-${id}`;
  const corpus = mutationCorpus(17, 160_000);
  assert.ok(corpus.mutated >= 100_000, `${corpus.mutated} mutated records`);
  for (const [name, n] of Object.entries(corpus.mutations)) assert.ok(n > 0, `mutation "${name}" applied`);
  const dir = path.join(tmp, runId);
  fs.mkdirSync(dir);
  for (const { name, bytes } of corpus.objects) fs.writeFileSync(path.join(dir, name), bytes);
  const files = corpus.objects.map((o) => path.join(dir, o.name));

  const cli = await cosmo(["stats", ...files, "--json"]);
  assert.equal(cli.code, 0, cli.stderr);
  const expected = (JSON.parse(cli.stdout) as ResultMessage[]).map((m) => resultMessageSchema.parse({ ...m, runId }));
  const windows = expected.filter((m) => m.schema === "cosmo.window.v1");
  const sum = (f: (w: (typeof windows)[number]) => number) => windows.reduce((n, w) => n + f(w), 0);
  assert.ok(windows.some((w) => w.lastOrbit < ORBIT_LIMIT - 1_000) && windows.some((w) => w.firstOrbit > ORBIT_LIMIT + 1_000), "the data crosses the wrap");
  assert.ok(sum((w) => w.totalHits) > 10_000 && sum((w) => w.dropped.malformed) > 1_000 && sum((w) => Object.keys(w.dropped.head).length) > 0);
  const unwindowed = expected.find((m) => m.schema === "cosmo.unwindowed.v1");
  assert.ok(unwindowed && unwindowed.malformed > 1_000, "unreadable lines counted");

  const output = path.join(tmp, `${runId}.jsonl`);
  await runStatsBatch({ runId, input: dir, output });
  assertSameResults(readJsonl(output), expected, "corpus, batch");

  const t = await topics(id);
  const messages = await produceObjects(t.hits, runId, corpus.objects);
  const { durationMs } = await runStatsAvailableNow({ runId, hitsTopic: t.hits, resultsTopic: t.results, checkpointBase: homeDir("spark", "checkpoints", `stats-test-${id}`) });
  progress(`mutation corpus: ${corpus.records} records, ${corpus.mutated} mutated, in ${corpus.objects.length} objects, ${messages} messages, streaming ${durationMs} ms`);
  assertSameResults(finalResults(await readAll(t.results), runId), expected, "corpus, streaming");
});

test("(g) an executor SIGKILLed mid-run: Spark runs its tasks again on a new executor, from the checkpointed state, and the job ends with exactly the reference", { timeout: 15 * 60_000 }, async () => {
  const id = uniq();
  const runId = `executor-kill-${id}`;
  const lines = await generatedLines(60, 5);
  const file = path.join(tmp, `${runId}.txt`);
  fs.writeFileSync(file, lines.join("\n") + "\n", "latin1");
  const expected = await reference(file, defaultDetectorConfig, runId);
  const t = await topics(id);
  await produceLines(t.hits, lines, 500);
  const job = await startStatsStream({
    runId,
    master: sparkMasterUrl(),
    hitsTopic: t.hits,
    resultsTopic: t.results,
    checkpointBase: homeDir("spark", "checkpoints", `stats-test-${id}`),
    availableNow: true,
    // Many micro-batches, so that the kill lands mid-run with windows in the state.
    maxOffsetsPerTrigger: 4,
  });
  try {
    const deadline = Date.now() + 5 * 60_000;
    let executors: { pid: number; command: string }[] = [];
    while (executors.length === 0 || (await topicSize(t.results)) === 0) {
      assert.ok(Date.now() < deadline && job.child.exitCode === null, `no executor with results to kill\n${job.output().slice(-3000)}`);
      await sleep(200);
      const app = (await httpJson<{ activeapps: { id: string; name: string }[] }>(`${sparkMasterUiUrl()}/json`)).activeapps.find((a) => a.name === `cosmo-stats ${runId}`);
      executors = app ? processesMentioning(app.id).filter((p) => p.command.includes("CoarseGrainedExecutorBackend")) : [];
    }
    const before = await topicSize(t.results);
    for (const { pid } of executors) process.kill(pid, "SIGKILL");
    progress(`killed ${executors.length} executor(s) after ${before} result message(s)`);
    assert.ok(before < expected.length, "the kill came before the end");
    assert.equal(await job.exited, 0, job.output().slice(-3000));
  } finally {
    job.kill();
  }
  assertSameResults(finalResults(await readAll(t.results), runId), expected, "after an executor was killed");
});

test("(h) a checkpoint on S3 (s3a, the local S3 server): a second job resumes from it and the results equal the reference", { timeout: 15 * 60_000 }, async () => {
  const id = uniq();
  const runId = `s3a-${id}`;
  const lines = await generatedLines(20, 9);
  const file = path.join(tmp, `${runId}.txt`);
  fs.writeFileSync(file, lines.join("\n") + "\n", "latin1");
  const expected = await reference(file, defaultDetectorConfig, runId);
  const bucket = `checkpoints-${id}`;
  await ensureBucket(bucket);
  const propertiesFile = writeS3aProperties(path.join(tmp, `${runId}.properties`), { endpoint: s3Endpoint(), region: env.S3_REGION, credentials: s3Credentials() });
  assert.equal(fs.statSync(propertiesFile).mode & 0o777, 0o600);
  const t = await topics(id);
  const job = { runId, hitsTopic: t.hits, resultsTopic: t.results, checkpointBase: `s3a://${bucket}/stats`, s3aPropertiesFile: propertiesFile };
  const half = Math.floor(lines.length / 2);
  await produceLines(t.hits, lines.slice(0, half), 500);
  const first = await runStatsAvailableNow(job);
  // The keys are in the file, never on the command line the job ran with.
  assert.ok(!first.output.includes(s3Credentials()!.secretAccessKey));
  const stored = await listObjects(bucket, `stats/${runId}/`);
  assert.ok(stored.some((o) => o.key.includes("/state/")) && stored.some((o) => o.key.includes("/offsets/")), stored.map((o) => o.key).join("\n"));
  await produceLines(t.hits, lines.slice(half), 500);
  await runStatsAvailableNow(job);
  assertSameResults(finalResults(await readAll(t.results), runId), expected, "resumed from the S3 checkpoint");
});
