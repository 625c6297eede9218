// The routines over SSH: a cluster whose one host is reached through the
// loopback sshd, with its own COSMO home and ports, so init starts a second
// Kafka and Spark there. Also: host keys pinned then enforced, an unreachable
// host, and shell quoting of hostile values on both kinds of executor.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import { type ClusterSpec, clusterSpecSchema, hostRoles } from "@/lib/clusters/cluster-spec";
import { db } from "@/lib/db";
import { defaultDetectorConfig } from "@/lib/detector/config";
import { env, repoRoot } from "@/lib/env";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { s3Sink } from "@/lib/generator/sinks";
import { generateWords } from "@/lib/generator/stream";
import { writeDataFiles } from "@/lib/generator/write-files";
import { cosmoScript } from "@/lib/hosts/cosmo-on-host";
import { hostKeyFingerprint } from "@/lib/hosts/known-hosts";
import { localExecutor } from "@/lib/hosts/local-executor";
import { shellCommand } from "@/lib/hosts/shell";
import { sshExecutor } from "@/lib/hosts/ssh-executor";
import { referenceStatsOfPrefix } from "@/lib/pipeline/reference-stats";
import { getRunWindows } from "@/lib/pipeline/run-windows";
import type { WindowResult } from "@/lib/results/schema";
import { processesMentioning } from "@/lib/runtime/process";
import { sshdConnection } from "@/lib/runtime/services/sshd";
import { ensureBucket } from "@/lib/s3/client";
import { api, describeSteps, expectSucceeded, runRoutine } from "@/tests/support/routines";

const REMOTE_HOME = path.join(env.COSMO_HOME, "remote-a");
const BASE = env.COSMO_WEB_PORT + 20;
const BUCKET = "cosmo-remote-test";
const PREFIX = `remote-${Date.now()}/`;
const RECORDS = 12_000;
const KEY = "loopback-key";

function remoteSpec(sshPort: number): ClusterSpec {
  return clusterSpecSchema.parse({
    hosts: [
      {
        name: "remote-a",
        address: env.COSMO_HOST,
        local: false,
        roles: [...hostRoles],
        ssh: { user: sshdConnection().username, port: sshPort, keySecret: KEY },
        cosmoPath: repoRoot,
        homePath: REMOTE_HOME,
        ports: { kafka: BASE, kafkaController: BASE + 1, sparkMaster: BASE + 2, sparkMasterUi: BASE + 3, sparkWorkerUi: BASE + 4 },
      },
    ],
    buffer: { bucket: BUCKET, prefix: PREFIX, rate: 0 },
  });
}

before(async () => {
  const created = await api("POST", "/api/secrets", { name: KEY, kind: "ssh_key", value: sshdConnection().privateKey.toString() });
  assert.equal(created.status, 201, created.text);
  await ensureBucket(BUCKET);
  const options = generatorOptionsSchema.parse({ seed: 11 });
  await writeDataFiles(generateWords(defaultDetectorConfig, options, { records: RECORDS }), { format: "txt", recordsPerFile: 6_000, sink: s3Sink(BUCKET, PREFIX) });
  for (const [name, port] of [["loopback-ssh", env.COSMO_SSHD_PORT], ["unreachable", BASE + 9]] as const) {
    const res = await api("POST", "/api/clusters", { name, description: "", spec: remoteSpec(port) });
    assert.equal(res.status, 201, res.text);
  }
});

after(async () => {
  // Whatever a failed test left running on the "remote" host is stopped here, locally.
  const spec = remoteSpec(env.COSMO_SSHD_PORT);
  const local = localExecutor({ ...spec.hosts[0]!, local: true });
  for (const service of ["spark-worker", "spark-master", "kafka"]) await local.exec(cosmoScript(spec, spec.hosts[0]!, ["service", service, "stop"]));
  await db.$disconnect();
});

test("hostile values stay one word through the shell, locally and over SSH", async () => {
  const hostile = ["a;rm -rf /", "$(id)", "`id`", "x y", "'quoted'", '"dq"', "back\\slash", "new\nline", "*", "--flag", ""];
  const spec = remoteSpec(env.COSMO_SSHD_PORT);
  const executors = [localExecutor({ ...spec.hosts[0]!, local: true }), sshExecutor(spec.hosts[0]!, sshdConnection().privateKey.toString())];
  try {
    for (const executor of executors) {
      for (const value of hostile) {
        const { code, output } = await executor.exec(shellCommand(["printf", "%s|", value]));
        assert.equal(code, 0);
        assert.equal(output, `${value}|`, `${executor.host.local ? "local" : "ssh"}: ${JSON.stringify(value)}`);
      }
    }
  } finally {
    for (const e of executors) e.close();
  }
});

test("init over SSH starts Kafka and Spark on the remote host and pins its host key", async () => {
  await db.knownHost.deleteMany({});
  const init = expectSucceeded(await runRoutine("loopback-ssh", "init"));
  assert.deepEqual(init.steps!.filter((s) => s.host).map((s) => s.host), ["remote-a", "remote-a", "remote-a"]);
  assert.match(init.steps![1]!.output, new RegExp(`ssh ${sshdConnection().username}@${env.COSMO_HOST}:${env.COSMO_SSHD_PORT}`));
  const pinned = await db.knownHost.findUniqueOrThrow({ where: { host_port: { host: env.COSMO_HOST, port: env.COSMO_SSHD_PORT } } });
  const hostKey = Buffer.from(sshdConnection().hostPublicKey.split(/\s+/)[1]!, "base64");
  assert.equal(pinned.fingerprint, hostKeyFingerprint(hostKey));
  const running = processesMentioning(REMOTE_HOME).map((p) => p.command);
  for (const main of ["kafka.Kafka", "deploy.master.Master", "deploy.worker.Worker"]) assert.ok(running.some((c) => c.includes(main)), `${main} runs from ${REMOTE_HOME}`);
  assert.equal((await db.clusterConfig.findUniqueOrThrow({ where: { name: "loopback-ssh" } })).state, "up");
});

test("a run whose buffer runs over SSH gives the reference statistics; beat sees it; halt closes it", async () => {
  const run = expectSucceeded(await runRoutine("loopback-ssh", "run"));
  const runId = run.runId!;
  const reference = (await referenceStatsOfPrefix(BUCKET, PREFIX, defaultDetectorConfig, runId)).filter((m): m is WindowResult => m.schema === "cosmo.window.v1");
  const deadline = Date.now() + 6 * 60_000;
  let stored: WindowResult[] = [];
  while (Date.now() < deadline && JSON.stringify(stored) !== JSON.stringify(reference)) {
    await sleep(1000);
    stored = await getRunWindows(runId);
  }
  assert.deepEqual(stored, reference, `${stored.length} of ${reference.length} windows`);
  const beat = expectSucceeded(await runRoutine("loopback-ssh", "beat"));
  const buffer = (beat.result!.entities as { entity: string; state: string; detail: string }[]).find((e) => e.entity === "buffer");
  // Lines sent: the records plus each object's header line.
  assert.match(buffer?.detail ?? "", new RegExp(`completed, ${RECORDS + 2} records sent`), describeSteps(beat));
  expectSucceeded(await runRoutine("loopback-ssh", "halt"));
  const row = await db.run.findUniqueOrThrow({ where: { id: runId } });
  assert.equal(row.status, "halted");
  assert.equal((row.totals as { records: number }).records, RECORDS);
});

test("a changed host key is refused and nothing is started", async () => {
  await db.knownHost.update({ where: { host_port: { host: env.COSMO_HOST, port: env.COSMO_SSHD_PORT } }, data: { fingerprint: "SHA256:not-the-real-key" } });
  const init = await runRoutine("loopback-ssh", "init");
  assert.equal(init.status, "failed", describeSteps(init));
  assert.match(init.error ?? "", /presented host key SHA256:\S+, but SHA256:not-the-real-key is pinned for it; refusing to connect/);
  await db.knownHost.deleteMany({});
});

test("dismiss over SSH stops everything on the remote host", async () => {
  expectSucceeded(await runRoutine("loopback-ssh", "dismiss", { deleteTopics: true }));
  assert.deepEqual(processesMentioning(REMOTE_HOME), []);
  assert.equal((await db.clusterConfig.findUniqueOrThrow({ where: { name: "loopback-ssh" } })).state, "down");
  assert.ok(fs.existsSync(path.join(REMOTE_HOME, "logs", "kafka.log")), "the remote host kept its logs");
});

test("an unreachable host fails the routine with a clear message and the cluster stays down", async () => {
  const init = await runRoutine("unreachable", "init");
  assert.equal(init.status, "failed", describeSteps(init));
  assert.match(init.error ?? "", new RegExp(`cannot reach host remote-a \\(\\w+@${env.COSMO_HOST.replace(/\./g, "\\.")}:${BASE + 9}\\): connection refused`));
  assert.equal(init.steps!.at(-1)!.status, "failed");
  assert.equal((await db.clusterConfig.findUniqueOrThrow({ where: { name: "unreachable" } })).state, "down");
});
