import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { clusterSpecSchema, hostRoles, kafkaReplicationOf, type ClusterSpecInput } from "@/lib/clusters/cluster-spec";
import { ensurePresets } from "@/lib/clusters/presets";
import { db } from "@/lib/db";
import { env, repoRoot } from "@/lib/env";
import { sshdConnection } from "@/lib/runtime/services/sshd";
import { api, errorPaths } from "@/tests/support/api";
import { testTag, twoHostSpec } from "@/tests/support/test-data";

const tag = testTag("clusters");
const named = (what: string) => `${tag}-${what}`;
const keySecret = named("key");
const s3Secret = named("s3");
const spec = () => twoHostSpec(keySecret);

before(async () => {
  const value = sshdConnection().privateKey.toString("utf8");
  assert.equal((await api("POST", "/api/secrets", { name: keySecret, kind: "ssh_key", value })).status, 201);
  const s3 = { accessKeyId: "AKIA", secretAccessKey: "secret" };
  assert.equal((await api("POST", "/api/secrets", { name: s3Secret, kind: "s3_credentials", value: s3 })).status, 201);
});

after(async () => {
  await db.clusterConfig.deleteMany({ where: { name: { startsWith: tag } } });
  await db.secret.deleteMany({ where: { OR: [{ name: { startsWith: tag } }, { name: "cloud-ssh-key" }] } });
  await db.$disconnect();
});

/** POSTs a configuration changed by `edit` and expects a 400 naming `path` (and, when given, saying `message`). */
async function refused(edit: (s: ClusterSpecInput) => void, path: string, message?: RegExp, name = named("refused")) {
  const s = spec();
  edit(s);
  const res = await api("POST", "/api/clusters", { name, spec: s });
  assert.equal(res.status, 400, `${path}: ${res.text}`);
  assert.equal(res.json.error.code, "BAD_REQUEST");
  assert.ok(errorPaths(res).includes(path), `expected an error on ${path}, got ${res.text}`);
  if (message) assert.match(res.json.error.fields.find((f: { path: string }) => f.path === path).message, message);
  assert.match(res.json.error.message, new RegExp(`${path.replaceAll(".", "\\.")}: `), "the message lists the field");
  return res;
}

test("cosmo up stored the localhost preset with this environment's host, folders and ports", async () => {
  const res = await api("GET", "/api/clusters/localhost");
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.state, "down");
  const [host, ...others] = res.json.spec.hosts;
  const base = env.COSMO_TEST_PORT_BASE;
  assert.equal(others.length, 0);
  assert.deepEqual(
    { address: host.address, local: host.local, roles: host.roles, cosmoPath: host.cosmoPath, homePath: host.homePath, ports: host.ports },
    {
      address: env.COSMO_HOST,
      local: true,
      roles: [...hostRoles],
      cosmoPath: repoRoot,
      homePath: env.COSMO_HOME,
      // The test stack's own ports (web, pg, kafka, controller, master, master UI, worker UI, ... from the base).
      ports: { kafka: base + 2, kafkaController: base + 3, sparkMaster: base + 4, sparkMasterUi: base + 5, sparkWorkerUi: base + 6 },
    },
  );
  assert.equal(res.json.spec.buffer.bucket, env.S3_BUCKET);
  assert.equal(res.json.spec.detector.validHead, 2, "the detector defaults are filled in");
});

test("ensurePresets creates localhost once, even when called concurrently", async () => {
  await db.clusterConfig.deleteMany({ where: { name: "localhost" } });
  await Promise.all([ensurePresets(), ensurePresets(), ensurePresets()]);
  await ensurePresets();
  const rows = await db.clusterConfig.findMany({ where: { name: "localhost" } });
  assert.equal(rows.length, 1);
  assert.equal((rows[0]!.spec as { hosts: { homePath: string }[] }).hosts[0]!.homePath, env.COSMO_HOME);
});

test("GET /api/presets offers localhost and example-cloud; example-cloud is stored once its key secret exists", async () => {
  const res = await api("GET", "/api/presets");
  assert.equal(res.status, 200);
  assert.deepEqual(res.json.presets.map((p: { name: string }) => p.name), ["localhost", "example-cloud"]);
  const cloud = res.json.presets[1];
  assert.deepEqual(
    cloud.spec.hosts.map((h: { name: string; roles: string[]; local: boolean; ssh: { keySecret: string } }) => [h.name, h.roles.join("+"), h.local, h.ssh.keySecret]),
    [
      ["cosmo-master", "kafka-broker+spark-master+buffer", false, "cloud-ssh-key"],
      ["cosmo-worker-1", "kafka-broker+spark-worker", false, "cloud-ssh-key"],
      ["cosmo-worker-2", "kafka-broker+spark-worker", false, "cloud-ssh-key"],
      ["cosmo-worker-3", "spark-worker", false, "cloud-ssh-key"],
    ],
  );
  // A quorum of three brokers: every partition three times, writes wait for two.
  assert.deepEqual([cloud.spec.kafka.replicationFactor, cloud.spec.kafka.minInsyncReplicas, cloud.spec.spark.checkpoint], [0, 0, "s3a://cosmo-checkpoints/runs"]);
  assert.deepEqual(kafkaReplicationOf(clusterSpecSchema.parse(cloud.spec)), { replicationFactor: 3, minInsyncReplicas: 2 });
  assert.equal(await db.clusterConfig.count({ where: { name: "example-cloud" } }), 0, "a template, not stored");

  const name = named("cloud");
  const missing = await api("POST", "/api/clusters", { name, description: cloud.description, spec: cloud.spec });
  assert.equal(missing.status, 400);
  assert.deepEqual(errorPaths(missing), [0, 1, 2, 3].map((i) => `spec.hosts.${i}.ssh.keySecret`));
  assert.equal(missing.json.error.fields[0].message, 'no ssh_key secret named "cloud-ssh-key" exists; create it first');

  const key = await api("POST", "/api/secrets", { name: "cloud-ssh-key", kind: "ssh_key", value: sshdConnection().privateKey.toString("utf8") });
  assert.equal(key.status, 201);
  const created = await api("POST", "/api/clusters", { name, description: cloud.description, spec: cloud.spec });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.spec.hosts.length, 4);
  assert.equal((await api("DELETE", `/api/clusters/${name}`)).status, 204);
});

test("create, list, read, update, rename, duplicate and delete a configuration", async () => {
  const first = named("lab");
  const created = await api("POST", "/api/clusters", { name: first, description: "the lab machine", spec: spec() });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.state, "down");
  assert.equal(created.json.spec.kafka.partitions, 2, "defaults filled in");
  assert.equal(created.json.spec.hosts[1].ssh.keySecret, keySecret);

  const list = await api("GET", "/api/clusters");
  const row = list.json.clusters.find((c: { name: string }) => c.name === first);
  assert.deepEqual(
    row.hosts.map((h: { name: string }) => h.name),
    ["localhost", "worker-1"],
  );
  assert.equal(row.description, "the lab machine");
  assert.equal((await api("GET", `/api/clusters/${created.json.id}`)).json.name, first, "found by id too");

  const renamed = named("lab-b");
  const changed = spec();
  changed.kafka = { partitions: 4 };
  changed.buffer = { credentialsSecret: s3Secret, rate: 5000 };
  const updated = await api("PUT", `/api/clusters/${first}`, { name: renamed, description: "rebuilt", spec: changed });
  assert.equal(updated.status, 200, updated.text);
  assert.equal(updated.json.id, created.json.id);
  assert.equal((await api("GET", `/api/clusters/${first}`)).status, 404);
  const stored = await db.clusterConfig.findUniqueOrThrow({ where: { name: renamed } });
  const storedSpec = stored.spec as { kafka: { partitions: number }; buffer: { credentialsSecret: string; rate: number } };
  assert.equal(storedSpec.kafka.partitions, 4);
  assert.deepEqual([storedSpec.buffer.credentialsSecret, storedSpec.buffer.rate], [s3Secret, 5000]);
  assert.equal(stored.description, "rebuilt");
  assert.ok(stored.updatedAt > stored.createdAt);

  const copy = named("lab-copy");
  const duplicated = await api("POST", `/api/clusters/${renamed}/duplicate`, { name: copy });
  assert.equal(duplicated.status, 201, duplicated.text);
  assert.notEqual(duplicated.json.id, created.json.id);
  assert.equal(duplicated.json.description, "rebuilt");
  assert.deepEqual(duplicated.json.spec, updated.json.spec);

  assert.equal((await api("DELETE", `/api/clusters/${copy}`)).status, 204);
  const gone = await api("GET", `/api/clusters/${copy}`);
  assert.equal(gone.status, 404);
  assert.deepEqual(gone.json, { error: { code: "NOT_FOUND", message: `cluster "${copy}" not found` } });
  assert.equal(await db.clusterConfig.count({ where: { name: copy } }), 0);
  assert.equal((await api("POST", `/api/clusters/${copy}/duplicate`, { name: named("x") })).status, 404);
});

test("names are unique: create, duplicate and rename onto a taken name answer 409", async () => {
  const a = named("a");
  const b = named("b");
  assert.equal((await api("POST", "/api/clusters", { name: a, spec: spec() })).status, 201);
  assert.equal((await api("POST", "/api/clusters", { name: b, spec: spec() })).status, 201);
  const again = await api("POST", "/api/clusters", { name: a, spec: spec() });
  assert.equal(again.status, 409);
  assert.deepEqual(again.json, { error: { code: "CONFLICT", message: `a cluster named "${a}" already exists` } });
  assert.equal((await api("POST", `/api/clusters/${a}/duplicate`, { name: b })).status, 409);
  assert.equal((await api("PUT", `/api/clusters/${b}`, { name: a, spec: spec() })).status, 409);
  assert.equal(await db.clusterConfig.count({ where: { name: { in: [a, b] } } }), 2);
});

test("invalid configurations are refused with the path of each field", async () => {
  const res = await refused((s) => (s.hosts[0]!.ports = { kafka: 70000 }), "spec.hosts.0.ports.kafka", /^a port number from 1 to 65535$/);
  assert.deepEqual(Object.keys(res.json.error).sort(), ["code", "fields", "message"]);
  await refused((s) => (s.hosts[0]!.ports = { sparkMasterUi: 0 }), "spec.hosts.0.ports.sparkMasterUi", /1 to 65535/);
  await refused((s) => (s.hosts[0]!.ports = { kafka: "9092" as unknown as number }), "spec.hosts.0.ports.kafka", /1 to 65535/);
  await refused((s) => (s.hosts[1]!.ssh = { keySecret, port: 22.5 }), "spec.hosts.1.ssh.port");
  await refused((s) => (s.hosts[1]!.roles = []), "spec.hosts.1.roles", /at least one role/);
  await refused((s) => (s.hosts[0]!.roles = ["kafka-broker", "spark-master", "spark-worker"]), "spec.hosts", /role buffer \(found 0\)/);
  await refused(
    (s) => {
      s.hosts.pop();
      s.hosts[0]!.roles = ["kafka-broker", "spark-master", "buffer"];
    },
    "spec.hosts",
    /at least one host must have the role spark-worker/,
  );
  await refused((s) => s.hosts[1]!.roles.push("kafka-broker"), "spec.hosts", /one host, or three or more, must have the role kafka-broker \(found 2\): a quorum of two survives no loss/);
  await refused((s) => (s.kafka = { replicationFactor: 2 }), "spec.kafka.replicationFactor", /^at most the number of kafka-broker hosts, 1 \(found 2\)/);
  await refused((s) => (s.kafka = { minInsyncReplicas: 2 }), "spec.kafka.minInsyncReplicas", /^at most the replication factor, 1 \(found 2\)/);
  await refused((s) => delete s.hosts[1]!.ssh, "spec.hosts.1.ssh", /remote host needs ssh settings/);
  await refused((s) => (s.hosts[1]!.name = "localhost"), "spec.hosts.1.name", /used twice/);
  await refused((s) => (s.hosts = []), "spec.hosts", /at least one host/);
  await refused((s) => (s.detector = { validHead: 7 }), "spec.detector.validHead");
  await refused((s) => (s.hosts[1]!.ssh!.keySecret = named("nope")), "spec.hosts.1.ssh.keySecret", /no ssh_key secret named/);
  await refused((s) => (s.buffer = { credentialsSecret: keySecret }), "spec.buffer.credentialsSecret", /of kind ssh_key; expected an s3_credentials secret/);
  await refused(() => {}, "name", /lower-case letters/, "Lab Machine");
  assert.equal(await db.clusterConfig.count({ where: { name: named("refused") } }), 0);

  const notJson = await api("POST", "/api/clusters", "not json");
  assert.equal(notJson.status, 400);
  assert.equal(notJson.json.error.message, "the request body must be a JSON document");
});

test("injection attempts in names, addresses, users, paths, topics and prefixes are refused with the field", async () => {
  const payloads = ["a;rm -rf /", "$(id)", "`id`", "x y", "../etc", "ok\nrm -rf /", "a|b", "a&&b", "'q'", "a>b", "a\\b"];
  const host = (s: ClusterSpecInput) => s.hosts[1]!;
  const fields: [string, (s: ClusterSpecInput, v: string) => void][] = [
    ["spec.hosts.1.name", (s, v) => (host(s).name = v)],
    ["spec.hosts.1.address", (s, v) => (host(s).address = v)],
    ["spec.hosts.1.ssh.user", (s, v) => (host(s).ssh!.user = v)],
    ["spec.hosts.1.ssh.keySecret", (s, v) => (host(s).ssh!.keySecret = v)],
    ["spec.hosts.1.cosmoPath", (s, v) => (host(s).cosmoPath = `/opt/${v}`)],
    ["spec.hosts.1.homePath", (s, v) => (host(s).homePath = `/var/lib/${v}`)],
    ["spec.kafka.hitsTopicPrefix", (s, v) => (s.kafka = { hitsTopicPrefix: v })],
    ["spec.kafka.resultsTopic", (s, v) => (s.kafka = { resultsTopic: v })],
    ["spec.spark.executorMemory", (s, v) => (s.spark = { executorMemory: v })],
    ["spec.buffer.bucket", (s, v) => (s.buffer = { bucket: v })],
    ["spec.buffer.prefix", (s, v) => (s.buffer = { prefix: v })],
    ["spec.buffer.credentialsSecret", (s, v) => (s.buffer = { credentialsSecret: v })],
  ];
  for (const [path, set] of fields) {
    for (const payload of payloads) await refused((s) => set(s, payload), path);
  }
  for (const payload of payloads) await refused(() => {}, "name", undefined, payload);
  assert.equal(await db.clusterConfig.count({ where: { name: { in: payloads } } }), 0);
});

test("a cluster with a run open or a routine in progress is neither deleted nor changed; its runs outlive it", async () => {
  const name = named("busy");
  const created = await api("POST", "/api/clusters", { name, spec: spec() });
  assert.equal(created.status, 201);
  const id: string = created.json.id;
  const run = await db.run.create({ data: { name: "history", clusterId: id, detector: {}, source: { bucket: "b" } } });

  await db.clusterConfig.update({ where: { id }, data: { state: "running" } });
  const whileRunning = await api("DELETE", `/api/clusters/${name}`);
  assert.equal(whileRunning.status, 409);
  assert.equal(whileRunning.json.error.message, `cluster "${name}" has a run open; halt it before deleting the cluster`);
  const edit = await api("PUT", `/api/clusters/${name}`, { name, description: "changed", spec: spec() });
  assert.equal(edit.status, 409);
  assert.equal((await db.clusterConfig.findUniqueOrThrow({ where: { id } })).description, "");

  await db.clusterConfig.update({ where: { id }, data: { state: "up" } });
  const routine = await db.routineExecution.create({ data: { clusterId: id, routine: "beat", status: "running", requestedBy: "test" } });
  const duringRoutine = await api("DELETE", `/api/clusters/${name}`);
  assert.equal(duringRoutine.status, 409);
  assert.match(duringRoutine.json.error.message, /routine in progress/);

  await db.routineExecution.update({ where: { id: routine.id }, data: { status: "succeeded" } });
  assert.equal((await api("DELETE", `/api/clusters/${name}`)).status, 204);
  const kept = await db.run.findUniqueOrThrow({ where: { id: run.id } });
  assert.equal(kept.clusterId, null, "the run stays in the history without its cluster");
  await db.run.delete({ where: { id: run.id } });
});
