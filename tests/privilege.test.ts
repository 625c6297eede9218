// The privilege boundary of the configurations (only admins define where
// things run and which secrets go there), the local hosts' folders, endpoint
// URLs, and probes that never echo a foreign service.
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { clusterSpecSchema, type ClusterSpecInput } from "@/lib/clusters/cluster-spec";
import { localHostPathErrors } from "@/lib/clusters/local-host-paths";
import { localhostPreset } from "@/lib/clusters/presets";
import { probeCluster } from "@/lib/clusters/probe-cluster";
import { db } from "@/lib/db";
import { env, repoRoot } from "@/lib/env";
import { sshdConnection } from "@/lib/runtime/services/sshd";
import { api, errorPaths, type ApiResponse } from "@/tests/support/api";
import { newToken } from "@/tests/support/auth";
import { describeSteps, runRoutine } from "@/tests/support/routines";
import { testTag, twoHostSpec } from "@/tests/support/test-data";

const tag = testTag("privilege");
const named = (what: string) => `${tag}-${what}`;
const keySecret = named("key");
const otherKey = named("key2");
const s3Secret = named("s3");
let operator: { token: string };

/** The attack: a buffer on a foreign host with the admin's key and S3 credentials. */
function foreignBufferSpec(): ClusterSpecInput {
  const spec = twoHostSpec(keySecret);
  spec.hosts[0]!.roles = ["kafka-broker", "spark-master", "spark-worker"];
  spec.hosts[1] = { ...spec.hosts[1]!, address: "192.0.2.10", roles: ["buffer"] };
  spec.buffer = { credentialsSecret: s3Secret };
  return spec;
}

const stored = async (name: string) => (await db.clusterConfig.findUniqueOrThrow({ where: { name } })).spec as ReturnType<typeof clusterSpecSchema.parse>;

function forbidden(res: ApiResponse, fields: string[]) {
  assert.equal(res.status, 403, res.text);
  assert.equal(res.json.error.code, "FORBIDDEN");
  assert.deepEqual(errorPaths(res).filter((p) => fields.includes(p)).sort(), [...fields].sort(), res.text);
  assert.ok(errorPaths(res).every((p) => /^spec\.(hosts\.|buffer\.(s3Endpoint|credentialsSecret)$)/.test(p)), res.text);
  for (const field of fields) assert.ok(res.json.error.message.includes(field), "the message names the field");
}

before(async () => {
  const key = sshdConnection().privateKey.toString("utf8");
  for (const name of [keySecret, otherKey]) assert.equal((await api("POST", "/api/secrets", { name, kind: "ssh_key", value: key })).status, 201);
  assert.equal((await api("POST", "/api/secrets", { name: s3Secret, kind: "s3_credentials", value: { accessKeyId: "AKIA", secretAccessKey: "s3cret" } })).status, 201);
  operator = { token: (await newToken("operator")).value };
});

after(async () => {
  await db.routineExecution.deleteMany({ where: { cluster: { name: { startsWith: tag } } } });
  await db.clusterConfig.deleteMany({ where: { name: { startsWith: tag } } });
  await db.secret.deleteMany({ where: { name: { startsWith: tag } } });
  await db.$disconnect();
});

test("an operator cannot create, replace or duplicate a configuration with admin-only fields changed: 403 naming each", async () => {
  const attack = await api("POST", "/api/clusters", { name: named("attack"), spec: foreignBufferSpec() }, operator);
  forbidden(attack, ["spec.hosts.1.address", "spec.hosts.1.ssh.keySecret", "spec.buffer.credentialsSecret", "spec.hosts.0.roles"]);
  assert.equal(await db.clusterConfig.count({ where: { name: named("attack") } }), 0);

  const name = named("lab");
  assert.equal((await api("POST", "/api/clusters", { name, spec: foreignBufferSpec() })).status, 201, "an admin may");
  const before = await stored(name);
  const edits: [string, (s: ClusterSpecInput) => void][] = [
    ["spec.hosts.1.address", (s) => (s.hosts[1]!.address = "10.0.0.7")],
    ["spec.hosts.1.ssh.keySecret", (s) => (s.hosts[1]!.ssh!.keySecret = otherKey)],
    ["spec.hosts.1.ssh.user", (s) => (s.hosts[1]!.ssh!.user = "root")],
    ["spec.hosts.0.cosmoPath", (s) => (s.hosts[0]!.cosmoPath = "/tmp")],
    ["spec.hosts.0.homePath", (s) => (s.hosts[0]!.homePath = `${env.COSMO_HOME}/elsewhere`)],
    ["spec.hosts.0.local", (s) => Object.assign(s.hosts[0]!, { local: false, ssh: { user: "cosmo", port: 22, keySecret } })],
    ["spec.hosts.0.ports.kafka", (s) => (s.hosts[0]!.ports = { ...s.hosts[0]!.ports, kafka: 22 })],
    ["spec.buffer.credentialsSecret", (s) => (s.buffer = { ...s.buffer, credentialsSecret: "" })],
    ["spec.buffer.s3Endpoint", (s) => (s.buffer = { ...s.buffer, s3Endpoint: "https://s3.example.org" })],
  ];
  for (const [field, edit] of edits) {
    const spec = structuredClone(before) as ClusterSpecInput;
    edit(spec);
    forbidden(await api("PUT", `/api/clusters/${name}`, { name, spec }, operator), [field]);
  }
  const added = structuredClone(before) as ClusterSpecInput;
  added.hosts.push({ ...added.hosts[1]!, name: "worker-2", roles: ["spark-worker"] });
  forbidden(await api("PUT", `/api/clusters/${name}`, { name, spec: added }, operator), ["spec.hosts.2.address", "spec.hosts.2.name"]);
  assert.deepEqual(await stored(name), before, "nothing was stored");

  // A copy keeps the admin's fields as they are: allowed, and it goes nowhere new.
  const copy = await api("POST", `/api/clusters/${name}/duplicate`, { name: named("copy") }, operator);
  assert.equal(copy.status, 201, copy.text);
  assert.deepEqual(copy.json.spec, before);
});

test("an operator tunes the rest (topics, Spark, bucket, prefix, rate, detector) and keeps the secrets by leaving them out", async () => {
  const name = named("tuned");
  assert.equal((await api("POST", "/api/clusters", { name, spec: foreignBufferSpec() })).status, 201);
  const spec = structuredClone(await stored(name)) as ClusterSpecInput;
  spec.kafka = { ...spec.kafka, partitions: 5, hitsTopicPrefix: "night-hits" };
  spec.spark = { ...spec.spark, executorMemory: "2g", triggerMs: 500 };
  spec.buffer = { bucket: "other-bucket", prefix: "2026/", rate: 2500 };
  spec.detector = { ...spec.detector, validHead: 3 };
  delete spec.hosts[1]!.ssh!.keySecret;
  const res = await api("PUT", `/api/clusters/${name}`, { name, description: "night shift", spec }, operator);
  assert.equal(res.status, 200, res.text);
  const after = await stored(name);
  assert.deepEqual([after.kafka.partitions, after.kafka.hitsTopicPrefix, after.spark.executorMemory, after.spark.triggerMs], [5, "night-hits", "2g", 500]);
  assert.deepEqual([after.buffer.bucket, after.buffer.prefix, after.buffer.rate, after.detector.validHead], ["other-bucket", "2026/", 2500, 3]);
  assert.equal(after.hosts[1]!.ssh!.keySecret, keySecret, "the omitted key is kept: the host did not move");
  assert.equal(after.buffer.credentialsSecret, s3Secret, "so are the omitted S3 credentials");

  // A new configuration on the hosts COSMO set up itself (the localhost preset) is an operator's to make.
  const local = structuredClone(localhostPreset().spec);
  local.kafka = { partitions: 3 };
  const created = await api("POST", "/api/clusters", { name: named("mine"), spec: local }, operator);
  assert.equal(created.status, 201, created.text);
});

/** This machine runs Spark; a loopback "remote" host, on ports nothing listens on, is the broker and the buffer. */
function loopbackBrokerSpec(): ClusterSpecInput {
  const spec = structuredClone(localhostPreset().spec);
  spec.hosts[0]!.roles = ["spark-master", "spark-worker"];
  const base = env.COSMO_TEST_PORT_BASE + 60;
  spec.hosts.push({
    name: "broker-1",
    address: "127.0.0.1",
    roles: ["kafka-broker", "buffer"],
    ssh: { user: "cosmo", port: env.COSMO_SSHD_PORT, keySecret },
    cosmoPath: "/opt/cosmo",
    homePath: "/var/lib/cosmo",
    ports: { kafka: base, kafkaController: base + 1, sparkMaster: base + 2, sparkMasterUi: base + 3, sparkWorkerUi: base + 4 },
  });
  spec.buffer = { credentialsSecret: s3Secret };
  return spec;
}

test("a host that moves drops its secret references unless the admin names them in the same change", async () => {
  const name = named("moved");
  assert.equal((await api("POST", "/api/clusters", { name, spec: loopbackBrokerSpec() })).status, 201);
  const spec = structuredClone(await stored(name)) as ClusterSpecInput;
  spec.hosts[1]!.homePath = "/srv/cosmo";
  delete spec.hosts[1]!.ssh!.keySecret;
  delete spec.buffer!.credentialsSecret;
  const moved = await api("PUT", `/api/clusters/${name}`, { name, spec });
  assert.equal(moved.status, 200, moved.text);
  const after = await stored(name);
  assert.equal(after.hosts[1]!.ssh!.keySecret, undefined, "the old key does not follow the host");
  assert.equal(after.buffer.credentialsSecret, "", "nor do the buffer's S3 credentials");

  const init = await runRoutine(name, "init");
  assert.equal(init.status, "failed", describeSteps(init));
  assert.match(init.error ?? "", /broker-1 has no SSH key secret .*an admin must name one/, describeSteps(init));

  spec.hosts[1]!.homePath = "/srv/cosmo-b";
  spec.hosts[1]!.ssh!.keySecret = otherKey;
  spec.buffer = { ...spec.buffer, credentialsSecret: s3Secret };
  assert.equal((await api("PUT", `/api/clusters/${name}`, { name, spec })).status, 200);
  const renamed = await stored(name);
  assert.deepEqual([renamed.hosts[1]!.ssh!.keySecret, renamed.buffer.credentialsSecret], [otherKey, s3Secret], "named again in the change: kept");
});

test("a local host's folders must be COSMO's own or allowed: refused on save and again at routine time", async () => {
  const link = path.join(env.COSMO_HOME, `${tag}-link`);
  fs.symlinkSync(os.tmpdir(), link);
  try {
    const cases: [string, (s: ClusterSpecInput) => void][] = [
      ["spec.hosts.0.cosmoPath", (s) => (s.hosts[0]!.cosmoPath = "/tmp")],
      ["spec.hosts.0.cosmoPath", (s) => (s.hosts[0]!.cosmoPath = path.join(repoRoot, "lib"))],
      ["spec.hosts.0.homePath", (s) => (s.hosts[0]!.homePath = "/var/tmp/cosmo")],
      ["spec.hosts.0.homePath", (s) => (s.hosts[0]!.homePath = path.join(link, "home"))],
    ];
    for (const [field, edit] of cases) {
      const spec = structuredClone(localhostPreset().spec);
      edit(spec);
      const res = await api("POST", "/api/clusters", { name: named("paths"), spec });
      assert.equal(res.status, 400, `${field}: ${res.text}`);
      assert.deepEqual(errorPaths(res), [field], res.text);
    }
    const inside = structuredClone(localhostPreset().spec);
    inside.hosts[0]!.homePath = path.join(env.COSMO_HOME, "second");
    assert.equal((await api("POST", "/api/clusters", { name: named("inside"), spec: inside })).status, 201, "under COSMO_HOME is fine");

    const parsed = clusterSpecSchema.parse({ ...localhostPreset().spec, hosts: [{ ...localhostPreset().spec.hosts[0]!, cosmoPath: "/opt/cosmo-checkout", homePath: path.join(link, "h") }] });
    assert.deepEqual(localHostPathErrors(parsed, "spec", ["/opt/cosmo-checkout", os.tmpdir()]), [], "the allow-list admits both");
    assert.deepEqual(localHostPathErrors(parsed, "spec", ["/opt"]).map((e) => e.path), ["spec.hosts.0.homePath"], "the link leads out of what is allowed");
  } finally {
    fs.rmSync(link);
  }

  // Stored before the rule (or its link changed since): the routine refuses before running anything there.
  const name = named("tmp-host");
  const spec = clusterSpecSchema.parse({ ...localhostPreset().spec, hosts: [{ ...localhostPreset().spec.hosts[0]!, cosmoPath: "/tmp" }] });
  await db.clusterConfig.create({ data: { name, spec } });
  const init = await runRoutine(name, "init");
  assert.equal(init.status, "failed", describeSteps(init));
  assert.match(init.error ?? "", /spec\.hosts\.0\.cosmoPath: a local host runs COSMO from this installation/);
  assert.equal(init.steps!.find((s) => s.name.startsWith("start Kafka"))?.status, "failed");
});

test("endpoint URLs are http(s), without credentials, never link-local or metadata addresses", async () => {
  const bad = ["file:///etc/passwd", "http://169.254.169.254/latest/meta-data/", "http://2852039166/", "http://[fe80::1]:9000/", "http://key:secret@s3.example.org", "gopher://s3.example.org"];
  for (const s3Endpoint of bad) {
    const spec = structuredClone(localhostPreset().spec);
    spec.buffer = { s3Endpoint };
    const res = await api("POST", "/api/clusters", { name: named("endpoint"), spec });
    assert.equal(res.status, 400, `${s3Endpoint}: ${res.text}`);
    assert.deepEqual(errorPaths(res), ["spec.buffer.s3Endpoint"], res.text);
    assert.ok(!res.text.includes("secret@"), "the refusal does not echo credentials");
  }
  const spec = structuredClone(localhostPreset().spec);
  spec.buffer = { s3Endpoint: "https://s3.example.org:9000" };
  assert.equal((await api("POST", "/api/clusters", { name: named("endpoint-ok"), spec })).status, 201);
});

test("probes and beat report a service that answers garbage in COSMO's words only", async () => {
  const banner = `SECRET-BANNER-${tag}`;
  const server = net.createServer((socket) => {
    socket.on("error", () => {});
    socket.end(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${banner} {"status":"${banner}"`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  try {
    const spec = structuredClone(localhostPreset().spec);
    spec.hosts[0]!.address = "127.0.0.1";
    spec.hosts[0]!.ports = { ...spec.hosts[0]!.ports, kafka: port, sparkMasterUi: port };
    const probe = await probeCluster(clusterSpecSchema.parse(spec));
    assert.deepEqual(
      [probe.kafka.reachable, probe.kafka.error, probe.sparkMaster.alive, probe.sparkMaster.error],
      [false, `no Kafka broker answers at 127.0.0.1:${port}`, false, `no Spark master answers at http://127.0.0.1:${port}/json/`],
    );
    assert.ok(!JSON.stringify(probe).includes("SECRET"));

    const name = named("garbage");
    assert.equal((await api("POST", "/api/clusters", { name, spec })).status, 201);
    const beat = await runRoutine(name, "beat");
    assert.equal(beat.status, "succeeded", describeSteps(beat));
    const entities = beat.result!.entities as { entity: string; state: string; detail: string }[];
    assert.deepEqual(entities.find((e) => e.entity === "kafka broker on localhost"), { entity: "kafka broker on localhost", state: "down", detail: `no Kafka broker answers at 127.0.0.1:${port}` });
    assert.equal(entities.find((e) => e.entity === "spark master")?.detail, `no Spark master answers at http://127.0.0.1:${port}/json/`);
    const answer = await api("GET", `/api/routines/${beat.id}`);
    assert.ok(!answer.text.includes("SECRET"), answer.text);
  } finally {
    server.close();
  }
});
