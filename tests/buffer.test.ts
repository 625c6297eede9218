import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { KafkaMessage } from "kafkajs";
import { bufferInputSchema } from "@/lib/buffer/buffer-input";
import { partialWordLine } from "@/lib/buffer/dat-reader";
import { getBufferProgress } from "@/lib/buffer/get-buffer-progress";
import { runBuffer } from "@/lib/buffer/run-buffer";
import { setBufferRate } from "@/lib/buffer/set-buffer-rate";
import { db } from "@/lib/db";
import { defaultDetectorConfig } from "@/lib/detector/config";
import { extendOrbit, NO_ORBIT } from "@/lib/detector/extended-orbit";
import { MAX_LINE_BYTES } from "@/lib/detector/line-splitter";
import { parseTextLine } from "@/lib/detector/parse-text";
import { ORBIT_LIMIT } from "@/lib/detector/record";
import { env, repoRoot } from "@/lib/env";
import { encodeWords, isDatEncodable } from "@/lib/generator/encode";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { generateBatches } from "@/lib/generator/stream";
import { kafkaClient } from "@/lib/kafka/client";
import { deleteTopics, ensureTopics } from "@/lib/kafka/topics";
import { createRun } from "@/lib/runs/create-run";
import { migrate } from "@/lib/runtime/migrate";
import { kafka } from "@/lib/runtime/services/kafka";
import { postgres } from "@/lib/runtime/services/postgres";
import { s3 } from "@/lib/runtime/services/s3";
import { s3Client } from "@/lib/s3/client";

const quiet = () => {};
const bucket = env.S3_BUCKET;
const tag = `${Date.now()}-${randomBytes(3).toString("hex")}`;
const topics: string[] = [];

before(async () => {
  await postgres.start(quiet);
  await migrate();
  await kafka.install(quiet);
  await kafka.start(quiet);
  await s3.install(quiet);
  await s3.start(quiet);
});

after(async () => {
  await deleteTopics(topics).catch(() => {});
  await db.$disconnect();
});

/** A fresh topic, prefix and run per test: the services outlive the tests and keep earlier data. */
async function fixture(name: string) {
  const topic = `cosmo-test-hits-${name}-${tag}`;
  topics.push(topic);
  await ensureTopics([{ name: topic, partitions: 2, retentionMs: 3_600_000 }]);
  const prefix = `test-buffer/${tag}/${name}/`;
  const run = await createRun({ name: `buffer ${name} ${tag}`, source: { bucket, prefix } });
  return { topic, prefix, runId: run.id };
}

async function put(key: string, body: Buffer | string): Promise<void> {
  await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

/** DAQ-like records: `2,fpga,channel,orbit,bx,tdc`; ORBIT_CNT wraps in the middle of seed 11's. */
function records(n: number, seed: number): string[] {
  const orbit = (i: number) => (ORBIT_LIMIT - 11_050_000 + i + seed * 1_000_000) % ORBIT_LIMIT;
  return Array.from({ length: n }, (_, i) => `2,${(i + seed) % 2},${(i * 7 + seed) % 130},${orbit(i)},${(i * 13) % 3564},${i % 30}`);
}

/** The lines the buffer must deliver for an object: a last line without newline is still a line. */
function linesOf(body: Buffer): string[] {
  const text = body.toString("latin1");
  if (text === "") return [];
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  return lines;
}

function multiset(lines: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of lines) m.set(l, (m.get(l) ?? 0) + 1);
  return m;
}

const header = (m: KafkaMessage, name: string) => m.headers?.[name]?.toString() ?? "";

/** Every committed message of the topic, read to its end with read_committed (aborted transactions are skipped). */
async function readTopic(topic: string): Promise<KafkaMessage[]> {
  const client = kafkaClient("cosmo-test-reader");
  const admin = client.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const seen = new Map(ends.map((p) => [p.partition, Number(p.low) - 1]));
  const consumer = client.consumer({ groupId: `cosmo-test-reader-${randomUUID()}`, maxWaitTimeInMs: 100, readUncommitted: false });
  const messages: KafkaMessage[] = [];
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  // The last offset of a partition is a transaction marker, never handed to eachBatch: follow batch ends instead.
  const check = () => {
    if (ends.every((p) => (seen.get(p.partition) ?? -1) >= Number(p.high) - 1)) finished();
  };
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    seen.set(payload.partition, Math.max(seen.get(payload.partition) ?? -1, Number(payload.lastOffset)));
    check();
  });
  check();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        messages.push(...batch.messages);
      },
    });
    await Promise.race([done, sleep(60_000, undefined, { ref: false }).then(() => Promise.reject(new Error(`timed out reading ${topic}`)))]);
  } finally {
    await consumer.disconnect();
  }
  return messages;
}

function linesIn(messages: KafkaMessage[]): string[] {
  return messages.flatMap((m) => {
    const text = m.value?.toString("latin1") ?? "";
    assert.ok(text.endsWith("\n"), "a message holds whole lines");
    return text.slice(0, -1).split("\n");
  });
}

/**
 * Each message names the extended orbit its lines continue from (orbitRef),
 * computed here with the reference's parser over every line before it in
 * sequence order; a resumed buffer must continue it exactly. Returns the last.
 */
function assertOrbitRefs(messages: KafkaMessage[]): number {
  let orbit = NO_ORBIT;
  for (const m of [...messages].sort((a, b) => Number(header(a, "seq")) - Number(header(b, "seq")))) {
    assert.equal(header(m, "orbitRef"), orbit === NO_ORBIT ? "" : String(orbit), `orbitRef of message ${header(m, "seq")}`);
    for (const line of (m.value?.toString("latin1") ?? "").slice(0, -1).split("\n")) {
      const parsed = parseTextLine(line);
      const raw = parsed.kind === "record" ? parsed.record.orbit : parsed.kind === "invalid" ? parsed.orbit : NO_ORBIT;
      if (raw !== NO_ORBIT) orbit = extendOrbit(orbit, raw);
    }
  }
  return orbit;
}

function assertExactlyOnce(messages: KafkaMessage[], expected: string[]): void {
  const seqs = messages.map((m) => Number(header(m, "seq"))).sort((a, b) => a - b);
  assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), "message sequence numbers 1..n, each once");
  const got = linesIn(messages);
  assert.equal(got.length, expected.length, "line count");
  assert.deepEqual(multiset(got), multiset(expected));
}

test("buffer delivers every line of every object once, odd objects included, and records its position", async () => {
  const { topic, prefix, runId } = await fixture("basic");
  const objects: [string, Buffer][] = [
    ["a-empty.txt", Buffer.alloc(0)],
    ["b-header.txt", Buffer.from(`HEAD,FPGA,TDC_CHANNEL,ORBIT_CNT,BX_COUNTER,TDC_MEAS\n${records(5000, 1).join("\n")}\n`)],
    // Truncated last line (no newline), blank lines and CRLF.
    ["c-truncated.txt", Buffer.from(`${records(3000, 2).join("\r\n")}\n\n\n4,1,0,3387315431,0,-0.573730\n2,0,1,33873`)],
    // Binary garbage, with and without newlines.
    ["d-garbage.bin", Buffer.concat([randomBytes(200_000), Buffer.from("\n2,1,5,1,2,3\n")])],
    ["e-one-line.txt", Buffer.from("2,1,128,3387315431,100,3")],
  ];
  for (const [name, body] of objects) await put(prefix + name, body);
  const expected = objects.flatMap(([, body]) => linesOf(body));
  // An overlong line (the garbage above may hold one too) is sent as a line without columns: unreadable, as the reference counts it.
  const marker = (line: string) => (line.length > MAX_LINE_BYTES ? `overlong line of ${line.length} bytes` : line);
  const long = `2,0,1,${"9".repeat(3 * 1024 * 1024)}`;
  await put(`${prefix}f-overlong.txt`, `2,0,1,1,1,1\n${long}\n2,0,1,2,2,2\n`);
  expected.push("2,0,1,1,1,1", long, "2,0,1,2,2,2");
  const want = expected.map(marker);
  const recordCount = want.filter((l) => l !== "" && l !== "\r").length;

  const logs: string[] = [];
  const input = bufferInputSchema.parse({ runId, bucket, prefix, topic, rate: 0, messageBytes: 16 * 1024 });
  const result = await runBuffer(input, { signal: new AbortController().signal, log: (m) => logs.push(m) });
  assert.equal(result.state, "completed");
  assert.equal(result.resumedFrom, "start");
  assert.equal(result.recordsSent, recordCount);
  assert.ok(logs.some((l) => l.includes("f-overlong.txt: line 2")), `the overlong line is logged: ${logs.join("; ")}`);

  const messages = await readTopic(topic);
  assertExactlyOnce(messages, want);
  assertOrbitRefs(messages);
  assert.equal(messages.reduce((sum, m) => sum + Number(header(m, "records")), 0), recordCount);
  assert.ok(messages.every((m) => header(m, "runId") === runId && header(m, "object").startsWith(prefix)));
  assert.ok(messages.every((m) => (m.value?.length ?? 0) <= 16 * 1024 || Number(header(m, "end")) - Number(header(m, "start")) > 16 * 1024));

  const progress = await getBufferProgress(runId);
  assert.equal(progress.state, "completed");
  assert.equal(progress.recordsSent, recordCount);
  assert.equal(progress.messagesSent, messages.length);
  assert.equal(progress.bytesLeft, 0);
  assert.equal(progress.currentObject, `${prefix}f-overlong.txt`);
  assert.equal(progress.totalBytes, objects.reduce((s, [, b]) => s + b.length, 0) + Buffer.byteLength(`2,0,1,1,1,1\n${long}\n2,0,1,2,2,2\n`));

  // Running a finished buffer again sends nothing.
  const again = await runBuffer(input, { signal: new AbortController().signal, log: quiet });
  assert.deepEqual([again.resumedFrom, again.recordsSent], ["postgres", recordCount]);
  // PostgreSQL behind Kafka (a crash between commit and save): Kafka's cursor wins.
  await db.bufferPosition.update({ where: { runId }, data: { objectKey: "", byteOffset: 0, seq: 0, recordsSent: 0, messagesSent: 0 } });
  const rewound = await runBuffer(input, { signal: new AbortController().signal, log: quiet });
  assert.deepEqual([rewound.resumedFrom, rewound.recordsSent, rewound.state], ["kafka", recordCount, "completed"]);
  assert.equal((await getBufferProgress(runId)).recordsSent, recordCount);
  assert.equal((await readTopic(topic)).length, messages.length);
});

test("buffer paces records at the set rate and follows a change while running", async () => {
  const { topic, prefix, runId } = await fixture("rate");
  await put(`${prefix}data.txt`, records(40_000, 3).join("\n") + "\n");
  const controller = new AbortController();
  const input = bufferInputSchema.parse({ runId, bucket, prefix, topic, rate: 2000 });
  const running = runBuffer(input, { signal: controller.signal, log: quiet });
  await sleep(2500);
  const changedAt = Date.now();
  await setBufferRate(runId, 5000);
  await sleep(3000);
  controller.abort();
  const result = await running;
  assert.equal(result.state, "stopped");
  assert.equal((await getBufferProgress(runId)).state, "stopped");

  // Message timestamps are the producer's clock: the rate between the first and last message of a span.
  const messages = (await readTopic(topic)).sort((a, b) => Number(header(a, "seq")) - Number(header(b, "seq")));
  const rateBetween = (from: number, to: number) => {
    const span = messages.filter((m) => Number(m.timestamp) >= from && Number(m.timestamp) <= to);
    const first = span[0];
    const last = span[span.length - 1];
    assert.ok(first && last && span.length > 5, "enough messages to measure");
    const sent = span.slice(1).reduce((sum, m) => sum + Number(header(m, "records")), 0);
    return (sent / (Number(last.timestamp) - Number(first.timestamp))) * 1000;
  };
  const t0 = Number(messages[0]!.timestamp);
  const before = rateBetween(t0, changedAt);
  // The worker reads the rate every half second: measure from a second after the change.
  const afterChange = rateBetween(changedAt + 1000, changedAt + 3000);
  console.log(`measured ${before.toFixed(0)} records/s at 2000, ${afterChange.toFixed(0)} records/s at 5000`);
  assert.ok(Math.abs(before - 2000) <= 400, `rate at 2000: ${before}`);
  assert.ok(Math.abs(afterChange - 5000) <= 1000, `rate at 5000: ${afterChange}`);
  assertExactlyOnce(messages, records(40_000, 3).slice(0, result.recordsSent));
});

test("a second buffer for the same run fences the first; the data still goes exactly once", { timeout: 120_000 }, async () => {
  const { topic, prefix, runId } = await fixture("fence");
  const lines = records(100_000, 20);
  await put(`${prefix}data.txt`, lines.join("\n") + "\n");
  const zombie = startWorker(["--run-id", runId, "--bucket", bucket, "--prefix", prefix, "--topic", topic, "--rate", "20000"]);
  await waitForRecords(runId, 20_000);
  const input = bufferInputSchema.parse({ runId, bucket, prefix, topic, rate: 0 });
  const result = await runBuffer(input, { signal: new AbortController().signal, log: quiet });
  assert.equal(result.state, "completed");
  const fenced = await zombie.exit;
  assert.equal(fenced.code, 1, `the fenced buffer fails:\n${fenced.stdout}`);
  assert.equal(result.recordsSent, 100_000);
  assert.equal((await getBufferProgress(runId)).state, "completed", "the fenced buffer left the row alone");
  assertExactlyOnce(await readTopic(topic), lines);
});

function startWorker(args: string[]): { child: ChildProcess; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> } {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/buffer.ts", ...args], { cwd: repoRoot, env: process.env, stdio: ["ignore", "pipe", "inherit"] });
  let stdout = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal, stdout })),
  );
  return { child, exit };
}

async function waitForRecords(runId: string, atLeast: number, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { recordsSent } = await getBufferProgress(runId);
    if (recordsSent >= atLeast) return recordsSent;
    if (Date.now() > deadline) throw new Error(`buffer did not reach ${atLeast} records (at ${recordsSent})`);
    await sleep(25);
  }
}

/** Runs a buffer worker at `rate` and SIGKILLs it once `records` are sent; returns the progress it left. */
async function killAfter(runId: string, args: string[], rate: number, records: number) {
  const worker = startWorker([...args, "--rate", String(rate), "--message-bytes", "65536"]);
  await waitForRecords(runId, records);
  // Anywhere between two saves of the position: Kafka is then usually ahead of PostgreSQL.
  await sleep(Math.random() * 450);
  worker.child.kill("SIGKILL");
  assert.equal((await worker.exit).signal, "SIGKILL");
  const progress = await getBufferProgress(runId);
  assert.equal(progress.state, "running", "a killed buffer could not record its end");
  return progress;
}

test("a buffer killed mid-object, then stopped, then finished, delivers every line exactly once", { timeout: 240_000 }, async () => {
  const { topic, prefix, runId } = await fixture("crash");
  const expected: string[] = [];
  for (let i = 0; i < 3; i++) {
    const lines = records(100_000, 10 + i);
    expected.push(...lines);
    await put(`${prefix}data_${String(i).padStart(6, "0")}.txt`, lines.join("\n") + "\n");
  }
  const args = ["--run-id", runId, "--bucket", bucket, "--prefix", prefix, "--topic", topic];

  const killedAt = await killAfter(runId, args, 60_000, 130_000);
  assert.ok(killedAt.recordsSent < 300_000);

  // No --rate: the stored rate carries over.
  const second = startWorker(args);
  await waitForRecords(runId, killedAt.recordsSent + 50_000);
  second.child.kill("SIGTERM");
  const stopped = await second.exit;
  assert.equal(stopped.code, 0, stopped.stdout);
  assert.match(stopped.stdout, /"state":"stopped"/);
  assert.match(stopped.stdout, /"resumedFrom":"(kafka|postgres)"/);
  const stoppedAt = await getBufferProgress(runId);
  assert.equal(stoppedAt.state, "stopped");

  const third = startWorker(args);
  const finished = await third.exit;
  assert.equal(finished.code, 0, finished.stdout);
  assert.match(finished.stdout, /"resumedFrom":"postgres"/, "after a clean stop PostgreSQL is up to date");
  console.log(`killed at ${killedAt.recordsSent} saved records, stopped at ${stoppedAt.recordsSent}; ${/"resumedFrom":"\w+"/.exec(stopped.stdout)?.[0]} after the kill`);

  const progress = await getBufferProgress(runId);
  assert.equal(progress.state, "completed");
  assert.equal(progress.recordsSent, 300_000);
  assert.equal(progress.bytesLeft, 0);
  const messages = await readTopic(topic);
  assertExactlyOnce(messages, expected);
  // Across the wrap (in the second object) and two resumes, each message continues the extended orbit.
  assert.equal(assertOrbitRefs(messages), ORBIT_LIMIT + 1_049_999);
  assert.equal((await db.bufferPosition.findUniqueOrThrow({ where: { runId } })).orbitRef, BigInt(ORBIT_LIMIT + 1_049_999));
});

test("a .dat object goes as the text lines of its words, and a buffer killed mid-object resumes exactly", { timeout: 240_000 }, async () => {
  const { topic, prefix, runId } = await fixture("dat");
  // Across the wrap: the .dat reader follows the extended orbit of its words too.
  const options = generatorOptionsSchema.parse({ seed: 17, startOrbit: ORBIT_LIMIT - 60 * 11_223 });
  const words = [...generateBatches(defaultDetectorConfig, options, { records: 150_000, keep: isDatEncodable })].flat();
  // The words' text form is what the buffer must send, line for line; the last object ends in a partial word.
  const partial = Buffer.from([7, 7, 7]);
  const bodies = [encodeWords(words.slice(0, 100_000), "dat"), Buffer.concat([encodeWords(words.slice(100_000), "dat"), partial])];
  for (const [i, body] of bodies.entries()) await put(`${prefix}data_${String(i).padStart(6, "0")}.dat`, body);
  const expected = [...linesOf(encodeWords(words, "txt")), partialWordLine(partial.length).toString("latin1").trimEnd()];
  const args = ["--run-id", runId, "--bucket", bucket, "--prefix", prefix, "--topic", topic];

  const killedAt = await killAfter(runId, args, 40_000, 50_000);
  assert.ok(killedAt.recordsSent < 100_000, `killed in the first object (${killedAt.recordsSent} records)`);

  const second = startWorker([...args, "--rate", "0"]);
  const finished = await second.exit;
  assert.equal(finished.code, 0, finished.stdout);
  assert.match(finished.stdout, /"resumedFrom":"(kafka|postgres)"/);
  const progress = await getBufferProgress(runId);
  assert.deepEqual([progress.state, progress.recordsSent, progress.bytesLeft], ["completed", expected.length, 0]);

  const messages = await readTopic(topic);
  assertExactlyOnce(messages, expected);
  assert.ok(assertOrbitRefs(messages) > ORBIT_LIMIT, "the words cross the wrap");
  // Every message stands for whole words: it starts and ends on a word boundary (or the object's end).
  for (const m of messages) {
    const [start, end] = [Number(header(m, "start")), Number(header(m, "end"))];
    const size = header(m, "object").endsWith("1.dat") ? bodies[1]!.length : bodies[0]!.length;
    assert.ok(start % 8 === 0 && (end % 8 === 0 || end === size), `message of bytes ${start}..${end}`);
  }
});
