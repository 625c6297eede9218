import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { ALARM_CLEAR_AFTER_MS, syncAlarm } from "@/lib/alarms/sync-alarm";
import type { AlarmObservation } from "@/lib/alarms/alarm-observation";
import { getClusterOrThrow } from "@/lib/clusters/get-cluster-or-throw";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createRun } from "@/lib/runs/create-run";
import { api, type ApiResponse } from "@/tests/support/api";
import { newToken } from "@/tests/support/auth";
import { testTag } from "@/tests/support/test-data";

const tag = testTag("alarms");
// Every alarm of this file has a source starting with this, so cleanup and filters touch nothing else.
const source = tag;

const observation = (suffix: string, fields: Partial<AlarmObservation> = {}): AlarmObservation => ({
  key: `${tag}:${suffix}`,
  source,
  kind: "test-condition",
  severity: "warning",
  title: `${tag} ${suffix}`,
  active: true,
  ...fields,
});

/** Polls until `probe` answers something truthy; generous, the machine is shared. */
async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Received {
  at: number;
  path: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** A local incoming webhook: records each POST; `fail(body)` says whether to answer 500. */
async function receiver(fail: (body: { text: string }) => boolean = () => false): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      const body = JSON.parse(text);
      received.push({ at: Date.now(), path: req.url ?? "", body });
      res.writeHead(fail(body) ? 500 : 200, { "content-type": "text/plain" }).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/services/T0${tag}/B0/s3cr3tPath`, received, close: () => new Promise((r) => server.close(() => r())) };
}

// Every API answer of the webhook tests, searched for the URLs at the end.
const answers: ApiResponse[] = [];
const call = async (...args: Parameters<typeof api>) => {
  const res = await api(...args);
  answers.push(res);
  return res;
};

let viewer: { value: string; actorName: string };
let operator: { value: string; actorName: string };

before(async () => {
  viewer = await newToken("viewer");
  operator = await newToken("operator");
});

after(async () => {
  await db.alarm.deleteMany({ where: { source: { startsWith: source } } });
  for (const w of await db.webhook.findMany({ where: { name: { startsWith: tag } } })) await api("DELETE", `/api/webhooks/${w.name}`);
  await db.run.deleteMany({ where: { name: { startsWith: tag } } });
  await db.$disconnect();
});

test("syncAlarm raises once for repeated observations, and once under concurrent observers", async () => {
  const first = await syncAlarm(observation("repeat"));
  assert.equal(first.transition, "raised");
  const again = await syncAlarm(observation("repeat", { detail: "still holding" }));
  assert.equal(again.transition, null);
  assert.equal(again.alarm?.id, first.alarm?.id);
  assert.equal(again.alarm?.detail, "still holding", "the latest detail is kept");
  assert.equal(await db.alarm.count({ where: { key: `${tag}:repeat` } }), 1);
  assert.deepEqual((await db.alarmEvent.findMany({ where: { alarmId: first.alarm!.id } })).map((e) => e.event), ["raised"]);

  const results = await Promise.all(Array.from({ length: 8 }, () => syncAlarm(observation("concurrent"))));
  assert.equal(results.filter((r) => r.transition === "raised").length, 1, "one observer raises it");
  assert.equal(new Set(results.map((r) => r.alarm?.id)).size, 1, "all see the same alarm");
  assert.equal(await db.alarm.count({ where: { key: `${tag}:concurrent`, state: "active" } }), 1);
});

test("an alarm clears only after 10 s of not holding; a condition back during clearing keeps the same alarm", async () => {
  const t0 = Date.now();
  const at = (ms: number) => ({ now: new Date(t0 + ms) });
  const raised = await syncAlarm(observation("flap"), at(0));
  const id = raised.alarm!.id;

  const dip = await syncAlarm(observation("flap", { active: false }), at(1_000));
  assert.equal(dip.alarm?.state, "active");
  assert.equal(dip.alarm?.clearingSince?.getTime(), t0 + 1_000);
  const almost = await syncAlarm(observation("flap", { active: false }), at(1_000 + ALARM_CLEAR_AFTER_MS - 100));
  assert.equal(almost.transition, null);
  assert.equal(almost.alarm?.state, "active", "not before 10 s");

  const back = await syncAlarm(observation("flap"), at(11_000));
  assert.equal(back.transition, null);
  assert.equal(back.alarm?.id, id, "the same alarm, not a new one");
  assert.equal(back.alarm?.clearingSince, null);

  await syncAlarm(observation("flap", { active: false }), at(12_000));
  assert.equal((await syncAlarm(observation("flap", { active: false }), at(12_000 + ALARM_CLEAR_AFTER_MS - 1))).alarm?.state, "active", "the 10 s restart from the last dip");
  const cleared = await syncAlarm(observation("flap", { active: false }), at(12_000 + ALARM_CLEAR_AFTER_MS));
  assert.equal(cleared.transition, "cleared");
  assert.equal(cleared.alarm?.id, id);
  assert.equal(cleared.alarm?.clearedAt?.getTime(), t0 + 12_000 + ALARM_CLEAR_AFTER_MS);
  assert.deepEqual((await db.alarmEvent.findMany({ where: { alarmId: id }, orderBy: { at: "asc" } })).map((e) => e.event), ["raised", "cleared"]);

  const reraised = await syncAlarm(observation("flap"), at(40_000));
  assert.equal(reraised.transition, "raised");
  assert.notEqual(reraised.alarm?.id, id, "a condition back after clearing is a new alarm");
});

test("alarms are listed, summarised and acknowledged over the API: viewers read, operators acknowledge, once, audited", async () => {
  const cluster = await getClusterOrThrow("localhost");
  const run = await createRun({ name: `${tag} run`, clusterId: cluster.id, source: { bucket: env.S3_BUCKET, prefix: `${tag}/` } });
  const viewerCaller = { token: viewer.value };
  const before = (await api("GET", "/api/alarms/summary", undefined, viewerCaller)).json;
  const { alarm } = await syncAlarm(observation("api", { severity: "error", detail: "buffer process gone", clusterId: cluster.id, runId: run.id }));
  const id = alarm!.id;

  const summary = await api("GET", "/api/alarms/summary", undefined, viewerCaller);
  assert.equal(summary.status, 200);
  assert.equal(summary.json.active, before.active + 1);
  assert.equal(summary.json.unacknowledged, before.unacknowledged + 1);
  assert.equal(summary.json.worst, "error");

  const listed = await api("GET", `/api/alarms?state=active&runId=${run.id}`, undefined, viewerCaller);
  assert.equal(listed.status, 200);
  assert.deepEqual(listed.json.alarms.map((a: { id: string }) => a.id), [id]);
  assert.equal(listed.json.alarms[0].clusterName, "localhost");
  assert.equal(listed.json.alarms[0].runName, run.name);
  assert.equal(listed.json.alarms[0].detail, "buffer process gone");
  assert.equal((await api("GET", `/api/alarms?state=cleared&runId=${run.id}`, undefined, viewerCaller)).json.alarms.length, 0);
  assert.equal((await api("GET", `/api/alarms/${id}`, undefined, viewerCaller)).json.title, `${tag} api`);
  assert.equal((await api("GET", "/api/alarms/not-an-id", undefined, viewerCaller)).status, 404);
  assert.equal((await api("GET", "/api/alarms?state=sometimes", undefined, viewerCaller)).status, 400);
  assert.equal((await api("GET", "/api/alarms", undefined, "anonymous")).status, 401);

  const refused = await api("POST", `/api/alarms/${id}/acknowledge`, undefined, viewerCaller);
  assert.equal(refused.status, 403);
  assert.equal(refused.json.error.code, "FORBIDDEN");

  const ack = await api("POST", `/api/alarms/${id}/acknowledge`, undefined, { token: operator.value });
  assert.equal(ack.status, 200);
  assert.equal(ack.json.acknowledged, true);
  assert.equal(ack.json.alarm.acknowledgedBy, operator.actorName);
  const twice = await api("POST", `/api/alarms/${id}/acknowledge`, undefined, { token: operator.value });
  assert.equal(twice.status, 200);
  assert.equal(twice.json.acknowledged, false);
  assert.match(twice.json.message, /already acknowledged by/);

  const audit = await api("GET", `/api/audit?targetType=alarm&targetId=${id}`);
  assert.deepEqual(audit.json.events.map((e: { action: string; actor: string }) => [e.action, e.actor]), [["alarm.acknowledged", operator.actorName]]);
  assert.equal((await api("GET", "/api/alarms/summary", undefined, viewerCaller)).json.unacknowledged, before.unacknowledged);
  assert.deepEqual((await db.alarmEvent.findMany({ where: { alarmId: id }, orderBy: { at: "asc" } })).map((e) => e.event), ["raised", "acknowledged"]);
});

test("the alarm list pages newest first without repeating or skipping", async () => {
  const paged = `${source}-paging`;
  const t0 = Date.now();
  for (const [i, suffix] of ["page-1", "page-2", "page-3"].entries()) await syncAlarm(observation(suffix, { source: paged }), { now: new Date(t0 + i * 1000) });
  const first = await api("GET", `/api/alarms?source=${paged}&state=active&limit=2`);
  assert.deepEqual(first.json.alarms.map((a: { title: string }) => a.title), [`${tag} page-3`, `${tag} page-2`]);
  const rest: string[] = [];
  for (let cursor = first.json.nextCursor; cursor; ) {
    const page = await api("GET", `/api/alarms?source=${paged}&state=active&limit=2&cursor=${cursor}`);
    rest.push(...page.json.alarms.map((a: { title: string }) => a.title));
    cursor = page.json.nextCursor;
  }
  assert.deepEqual(rest, [`${tag} page-1`]);
});

test("a webhook gets each alarm event as a Slack/Mattermost message; only admins manage webhooks", async () => {
  const hook = await receiver();
  const name = `${tag}-ok`;
  assert.equal((await call("POST", "/api/webhooks", { name, url: "ftp://127.0.0.1/x" })).status, 400);
  assert.equal((await call("POST", "/api/webhooks", { name, url: hook.url }, { token: operator.value })).status, 403);
  const created = await call("POST", "/api/webhooks", { name, url: hook.url });
  assert.equal(created.status, 201);
  assert.equal(created.json.host, new URL(hook.url).host);
  assert.equal((await call("POST", "/api/webhooks", { name, url: hook.url })).status, 409);

  const { alarm } = await syncAlarm(observation("hooked", { severity: "error", detail: "no windows for 30 s" }));
  const title = `${tag} hooked`;
  const raised = await eventually("the raised message", async () => hook.received.find((r) => r.body.text.includes(title)));
  assert.match(raised.body.text, /^\[ERROR\] .*: raised\. http:\/\/.*\/alarms$/);
  const [attachment] = raised.body.attachments;
  assert.equal(attachment.color, "#d32f2f");
  assert.equal(attachment.text, "no windows for 30 s");
  assert.deepEqual(attachment.fields.find((f: { title: string }) => f.title === "Severity"), { title: "Severity", value: "error", short: true });
  assert.equal(raised.path, new URL(hook.url).pathname);

  await call("POST", `/api/alarms/${alarm!.id}/acknowledge`);
  const acked = await eventually("the acknowledged message", async () => hook.received.find((r) => r.body.text.includes(title) && r.body.text.includes("acknowledged")));
  assert.match(acked.body.text, /acknowledged by admin\//);

  const deliveries = await eventually("two deliveries in the history", async () => {
    const res = await call("GET", `/api/webhooks/${name}/deliveries`);
    const mine = res.json.deliveries.filter((d: { alarmId: string }) => d.alarmId === alarm!.id);
    return mine.length === 2 && mine;
  });
  assert.deepEqual(deliveries.map((d: { event: string; attempt: number; status: number }) => [d.event, d.attempt, d.status]), [["acknowledged", 1, 200], ["raised", 1, 200]]);
  const listed = await call("GET", "/api/webhooks");
  assert.ok(listed.json.webhooks.some((w: { name: string; lastDelivery: unknown }) => w.name === name && w.lastDelivery));
  assert.equal((await call("GET", "/api/webhooks", undefined, { token: operator.value })).status, 403);
  assert.equal((await call("DELETE", `/api/secrets/webhook-${name}`)).status, 409, "its secret goes with the webhook only");
  assert.equal((await call("DELETE", `/api/webhooks/${name}`)).status, 204);
  assert.equal(await db.secret.count({ where: { name: `webhook-${name}` } }), 0);
  const audit = await call("GET", `/api/audit?targetType=webhook&targetId=${name}`);
  assert.deepEqual(audit.json.events.map((e: { action: string }) => e.action), ["webhook.deleted", "webhook.created"]);
  await hook.close();
});

test("a failing receiver is retried with growing delays, every attempt in the history; no API answer carries a webhook URL", async () => {
  const title = `${tag} retried`;
  let failures = 0;
  const hook = await receiver((body) => body.text.includes(title) && failures++ < 2);
  const name = `${tag}-flaky`;
  assert.equal((await call("POST", "/api/webhooks", { name, url: hook.url })).status, 201);
  // Nothing listens there: a network error, whose text must not carry the URL either.
  const closed = await receiver();
  await closed.close();
  const deadName = `${tag}-dead`;
  assert.equal((await call("POST", "/api/webhooks", { name: deadName, url: closed.url })).status, 201);

  const { alarm } = await syncAlarm(observation("retried"));
  const attempts = await eventually("three attempts", async () => {
    const res = await call("GET", `/api/webhooks/${name}/deliveries`);
    const mine = res.json.deliveries.filter((d: { alarmId: string }) => d.alarmId === alarm!.id);
    return mine.length === 3 && mine.reverse();
  });
  assert.deepEqual(attempts.map((d: { attempt: number; status: number }) => [d.attempt, d.status]), [[1, 500], [2, 500], [3, 200]]);
  const times = attempts.map((d: { at: string }) => Date.parse(d.at));
  // pg-boss waits 1-2 s before the first retry and 2-4 s before the second: the floor doubles.
  assert.ok(times[1] - times[0] >= 950, `first retry after ${times[1] - times[0]} ms`);
  assert.ok(times[2] - times[1] >= 1950, `second retry after ${times[2] - times[1]} ms`);
  assert.equal(hook.received.filter((r) => r.body.text.includes(title)).length, 3);

  const failed = await eventually("the unreachable webhook's failed attempt", async () => {
    const res = await call("GET", `/api/webhooks/${deadName}/deliveries`);
    return res.json.deliveries.find((d: { alarmId: string }) => d.alarmId === alarm!.id);
  });
  assert.equal(failed.status, null);
  assert.ok(failed.error, "the network error is recorded");

  await call("GET", "/api/webhooks");
  await call("GET", "/api/secrets");
  await call("GET", "/api/audit?targetType=webhook");
  for (const res of answers) {
    for (const url of [hook.url, closed.url]) {
      assert.equal(res.text.includes(url), false, "a URL in an answer");
      assert.equal(res.text.includes(new URL(url).pathname), false, "a URL's path in an answer");
    }
  }
  await hook.close();
});
