// The cosmo CLI drives a whole run against the real server with an operator
// token: init, run, tail, beat, runs, halt, each through the REST API.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { clusterSpecSchema } from "@/lib/clusters/cluster-spec";
import { localhostPreset } from "@/lib/clusters/presets";
import { db } from "@/lib/db";
import { defaultDetectorConfig } from "@/lib/detector/config";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { s3Sink } from "@/lib/generator/sinks";
import { generateWords } from "@/lib/generator/stream";
import { writeDataFiles } from "@/lib/generator/write-files";
import { ensureBucket } from "@/lib/s3/client";
import { api } from "@/tests/support/api";
import { newToken } from "@/tests/support/auth";
import { cosmo } from "@/tests/support/cli";

const BUCKET = "cosmo-cli-test";
const PREFIX = `cli-${Date.now()}/`;
const RECORDS = 20_000;
const CLUSTER = "local-cli";
let operator: { value: string; actorName: string };
let runId = "";
let following: ReturnType<typeof cosmo> | undefined;

const as = () => ({ COSMO_TOKEN: operator.value });

before(async () => {
  operator = await newToken("operator");
  await ensureBucket(BUCKET);
  const options = generatorOptionsSchema.parse({ seed: 9 });
  await writeDataFiles(generateWords(defaultDetectorConfig, options, { records: RECORDS }), { format: "txt", recordsPerFile: 10_000, sink: s3Sink(BUCKET, PREFIX) });
  const { spec } = localhostPreset();
  await db.clusterConfig.deleteMany({ where: { name: CLUSTER } });
  await db.clusterConfig.create({
    data: { name: CLUSTER, description: "the CLI test", spec: clusterSpecSchema.parse({ ...spec, kafka: { resultsTopic: "cosmo-results-cli" }, buffer: { bucket: BUCKET, prefix: PREFIX, rate: 5000 } }) },
  });
});

after(async () => {
  await db.$disconnect();
});

test("cosmo init --wait follows the steps and exits 0", async () => {
  const res = await cosmo(["init", "--cluster", CLUSTER, "--wait"], as());
  assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
  assert.match(res.stdout, /== look at the cluster\n/);
  assert.match(res.stdout, /== create the topics\n/);
  assert.match(res.stdout, /cosmo-results-cli/);
  assert.match(res.stdout, /\ninit succeeded\n$/);
});

test("cosmo run --wait opens a run started by the token; cosmo runs lists it", async () => {
  const res = await cosmo(["run", "--cluster", CLUSTER, "--wait", "--name", "cli run"], as());
  assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
  runId = /\(run ([0-9a-f-]{36})\)/.exec(res.stdout)?.[1] ?? "";
  assert.ok(runId, res.stdout);
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  assert.deepEqual([run.name, run.status, run.startedBy], ["cli run", "running", operator.actorName]);
  // Followed from now on, while the windows come.
  following = cosmo(["tail", runId], as());

  const runs = await cosmo(["runs", "--cluster", CLUSTER, "--status", "running", "--json"], as());
  assert.equal(runs.code, 0, runs.stderr);
  assert.deepEqual((JSON.parse(runs.stdout) as { id: string }[]).map((r) => r.id), [runId]);
});

test("cosmo beat --json reports every entity up", async () => {
  const res = await cosmo(["beat", "--cluster", CLUSTER, "--wait", "--json"], as());
  assert.equal(res.code, 0, res.stderr);
  const beat = JSON.parse(res.stdout) as { status: string; result: { down: string[] } };
  assert.equal(beat.status, "succeeded");
  assert.deepEqual(beat.result.down, []);
  assert.match(res.stderr, /== Kafka and Spark\n/, "the steps went to stderr");
});

test("cosmo halt closes the run with every record; cosmo tail, following it all along, printed each window and ended by itself", async () => {
  // Halt drains what is in flight, but a loaded machine's Spark may not have started on the data yet.
  const deadline = Date.now() + 6 * 60_000;
  const storedRecords = async () => ((await db.run.findUniqueOrThrow({ where: { id: runId } })).totals as { records?: number }).records ?? 0;
  while (Date.now() < deadline && (await storedRecords()) < RECORDS) await sleep(1000);
  const halt = await cosmo(["halt", "--cluster", CLUSTER, "--wait"], as());
  assert.equal(halt.code, 0, `${halt.stdout}\n${halt.stderr}`);
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  assert.equal(run.status, "halted");
  assert.equal((run.totals as { records: number }).records, RECORDS);

  const tail = await following!;
  assert.equal(tail.code, 0, tail.stderr);
  const lines = tail.stdout.trim().split("\n");
  const windows = await db.runWindow.findMany({ where: { runId }, orderBy: { window: "asc" } });
  const first = lines.filter((l) => !l.includes("(updated)")).map((l) => Number(/^window (\d+)/.exec(l)?.[1]));
  assert.deepEqual(first, windows.map((w) => w.window), "each stored window once, in order");
  const latest = new Map(lines.map((l) => [Number(/^window (\d+)/.exec(l)?.[1]), Number(/ records (\d+)/.exec(l)?.[1])]));
  assert.equal([...latest.values()].reduce((a, b) => a + b, 0), RECORDS, "the printed windows add up to every record");

  const events = (await api("GET", `/api/audit?targetType=run&targetId=${runId}`)).json.events as { action: string; actor: string }[];
  assert.deepEqual(events.map((e) => `${e.actor} ${e.action}`), [`${operator.actorName} run.halted`, `${operator.actorName} run.started`]);
  const queued = (await api("GET", `/api/audit?action=routine.requested&actor=${encodeURIComponent(operator.actorName)}`)).json.events as { details: { routine: string } }[];
  assert.deepEqual(queued.map((e) => e.details.routine), ["halt", "beat", "run", "init"]);
});
