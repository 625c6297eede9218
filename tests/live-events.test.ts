import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { db } from "@/lib/db";
import { defaultDetectorConfig as detector } from "@/lib/detector/config";
import { env } from "@/lib/env";
import { generatedWindows } from "@/lib/generator/generated-windows";
import { RunFeed } from "@/lib/live/run-feed";
import { DEFAULT_LIMITS, RunSubscriber } from "@/lib/live/run-subscriber";
import { SseParser, type ParsedSseEvent } from "@/lib/live/sse-parser";
import type { WindowResult } from "@/lib/results/schema";
import { createRun } from "@/lib/runs/create-run";
import { storedWindowSchema } from "@/lib/runs/stored-window";
import { webUrl } from "@/lib/runtime/services/web";
import { authHeader } from "@/tests/support/auth";
import { ResultsPipeline, until } from "@/tests/support/results-pipeline";
import { SseClient } from "@/tests/support/sse-client";

const tag = `${Date.now()}-${randomBytes(3).toString("hex")}`;
let runId: string;
let windows: WindowResult[];
let pipeline: ResultsPipeline;
const clients: SseClient[] = [];
let auth: { authorization: string };

const open = (lastEventId?: number) => {
  const c = new SseClient(runId, auth, lastEventId);
  clients.push(c);
  return c;
};
const numbers = (ws: WindowResult[]) => ws.map((w) => w.window);

/** `count` realistic windows of `run` numbered from `base`: the generated ones again, shifted in detector time. */
function renumbered(count: number, base: number, run = runId): WindowResult[] {
  const W = detector.orbitsPerWindow;
  return Array.from({ length: count }, (_, i) => {
    const src = windows[i % windows.length]!;
    const window = base + i;
    return { ...src, runId: run, window, firstOrbit: src.firstOrbit + (window - src.window) * W, lastOrbit: src.lastOrbit + (window - src.window) * W };
  });
}
const store = (ws: WindowResult[], expectedTotal: number) => pipeline.store(runId, ws, expectedTotal);

before(async () => {
  auth = await authHeader();
  pipeline = await ResultsPipeline.start(`live-${tag}`);
  const run = await createRun({ name: `live ${tag}`, source: { bucket: env.S3_BUCKET, prefix: `test-live/${tag}/` } });
  runId = run.id;
  await db.run.update({ where: { id: runId }, data: { status: "running", startedAt: new Date() } });
  // 60 s of generated detector data through the TypeScript reference: what the Spark job would send.
  windows = generatedWindows(detector, { seed: 11 }, 60, runId).slice(0, 60);
  assert.equal(windows.length, 60);
});

after(async () => {
  for (const c of clients) c.close();
  await pipeline?.stop();
  await db.$disconnect();
});

test("a viewer gets the recorded windows, then the live ones as the consumer stores them", { timeout: 120_000 }, async () => {
  await store(windows.slice(0, 20), 20);
  const a = open();
  await a.until("the recorded windows", (c) => c.has("caught-up"));
  assert.equal(a.status, 200);
  assert.deepEqual(a.ids(), numbers(windows.slice(0, 20)));
  const caughtUpAt = a.events.findIndex((e) => e.event === "caught-up");
  assert.equal(a.windowEvents().length, 20);
  assert.ok(a.events.slice(0, caughtUpAt).filter((e) => e.event === "window").length === 20, "recorded windows come before caught-up");

  await store(windows.slice(20, 30), 30);
  await a.until("the live windows", (c) => c.ids().length === 30);
  assert.deepEqual(a.ids(), numbers(windows.slice(0, 30)));
  // Every event carries the stored window, equal to what the reference computed.
  for (const [i, e] of a.windowEvents().entries()) assert.deepEqual(storedWindowSchema.parse(JSON.parse(e.data)).result, windows[i]);
  await a.until("a pipeline status", (c) => c.has("pipeline"));
  const status = JSON.parse(a.events.find((e) => e.event === "pipeline")!.data) as { runStatus: string; stored: { windows: number } };
  assert.equal(status.runStatus, "running");
  assert.ok(status.stored.windows >= 20);
});

test("several viewers at once all get every window, and idle streams get keep-alives", { timeout: 120_000 }, async () => {
  const viewers = [open(), open(), open(), open()];
  for (const v of viewers) await v.until("caught up", (c) => c.has("caught-up"));
  await store(windows.slice(30, 40), 40);
  for (const v of viewers) {
    await v.until("every window", (c) => c.ids().length === 40);
    assert.deepEqual(v.ids(), numbers(windows.slice(0, 40)));
  }
  await viewers[0]!.until("a keep-alive comment", (c) => c.comments > 0, 40_000);
  for (const v of viewers) v.close();
});

test("Last-Event-ID resumes with no gap and no duplicate", { timeout: 120_000 }, async () => {
  const first = clients[0]!;
  await first.until("window 39", (c) => c.ids().length === 40);
  const lastId = first.ids().at(-1)!;
  first.close();
  await store(windows.slice(40, 50), 50);

  const resumed = open(lastId);
  await resumed.until("the windows missed", (c) => c.has("caught-up") && c.ids().length === 10);
  assert.deepEqual(resumed.ids(), numbers(windows.slice(40, 50)));
  assert.equal(resumed.windowEvents().length, 10, "nothing before the resume point is sent again");

  const fromMiddle = open(windows[24]!.window);
  await fromMiddle.until("caught up", (c) => c.has("caught-up"));
  assert.deepEqual(fromMiddle.ids(), numbers(windows.slice(25, 50)));

  const bad = await fetch(`${webUrl()}/api/runs/${runId}/events`, { headers: { ...(await authHeader()), "last-event-id": "soon" } });
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), {
    error: {
      code: "BAD_REQUEST",
      message: "invalid input: after: expected a window number (from Last-Event-ID or ?after=)",
      fields: [{ path: "after", message: "expected a window number (from Last-Event-ID or ?after=)" }],
    },
  });
  const unknown = await fetch(`${webUrl()}/api/runs/00000000-0000-4000-8000-000000000000/events`, { headers: await authHeader() });
  assert.equal(unknown.status, 404);
});

test("a window Spark emits again is an update: sent without an id, and again to a viewer who resumes after it", { timeout: 120_000 }, async () => {
  const watching = open();
  await watching.until("caught up", (c) => c.has("caught-up") && c.ids().length === 50);
  const markBefore = windows[49]!.window;
  const before = await db.runWindow.findUniqueOrThrow({ where: { runId_window: { runId, window: windows[5]!.window } } });

  await pipeline.send([windows[5]!]);
  await until("window 5 re-stored", async () => {
    const row = await db.runWindow.findUniqueOrThrow({ where: { runId_window: { runId, window: windows[5]!.window } } });
    return row.updatedAt > before.updatedAt;
  });
  await watching.until("the update", (c) => c.windowEvents().length === 51);
  const update = watching.windowEvents().at(-1)!;
  assert.equal(update.id, undefined, "an update does not move Last-Event-ID");
  assert.equal(storedWindowSchema.parse(JSON.parse(update.data)).window, windows[5]!.window);
  assert.deepEqual(watching.ids(), numbers(windows.slice(0, 50)), "ids stay strictly increasing");

  // A viewer whose last id was stored before the update gets that update when it resumes, and nothing else.
  const resumed = open(markBefore);
  await resumed.until("caught up", (c) => c.has("caught-up"));
  assert.deepEqual(
    resumed.windowEvents().map((e) => [e.id, storedWindowSchema.parse(JSON.parse(e.data)).window]),
    [[undefined, windows[5]!.window]],
  );
});

test("a viewer that stops reading has its backlog dropped, then catches up from the database with no gap", { timeout: 600_000 }, async () => {
  const stalled = open();
  await stalled.until("caught up", (c) => c.has("caught-up"));
  stalled.pause();
  const reading = open();
  await reading.until("caught up", (c) => c.has("caught-up"));

  // About 20 MB of events: far more than the loopback socket buffers (a few MB) and the server's
  // 4 MB per-viewer queue hold together (10 MB, enough for the former 512 KB queue, sometimes fit).
  const flood = renumbered(8000, windows.at(-1)!.window + 1);
  await store(flood, 60 + flood.length - 10);
  const all = [...numbers(windows.slice(0, 50)), ...numbers(flood)];

  await reading.until("every flooded window", (c) => c.ids().at(-1) === all.at(-1), 180_000);
  assert.deepEqual(reading.ids(), all);

  stalled.resume();
  await stalled.until("every flooded window after resuming", (c) => c.ids().at(-1) === all.at(-1), 180_000);
  assert.ok(stalled.has("dropped"), "the stalled viewer's backlog was dropped rather than kept");
  assert.ok(!stalled.ended, "the stream goes on after the drop");
  assert.deepEqual(stalled.ids(), all, "after the drop it caught up: every window once, in order");
  const drop = JSON.parse(stalled.events.find((e) => e.event === "dropped")!.data) as { resumeAfter: number };
  assert.ok(all.includes(drop.resumeAfter), "it resumes after a window it had been sent");
});

test("fifty viewers of one run, half of them joining during a burst of 300 windows, each get every window once and in order", { timeout: 240_000 }, async () => {
  const run = await createRun({ name: `fan-out ${tag}`, source: { bucket: env.S3_BUCKET, prefix: `test-live/${tag}-fan-out/` } });
  await db.run.update({ where: { id: run.id }, data: { status: "running", startedAt: new Date() } });
  const recorded = renumbered(20, windows[0]!.window, run.id);
  const burst = renumbered(300, windows[0]!.window + 20, run.id);
  await pipeline.store(run.id, recorded, 20);
  const viewer = () => {
    const c = new SseClient(run.id, auth);
    clients.push(c);
    return c;
  };
  const early = Array.from({ length: 25 }, viewer);
  for (const v of early) await v.until("caught up", (c) => c.has("caught-up"), 60_000);
  // The late half opens while the consumer stores the burst: their catch-ups overlap the live windows.
  const storing = pipeline.store(run.id, burst, 320);
  const late = Array.from({ length: 25 }, viewer);
  await storing;
  const all = numbers([...recorded, ...burst]);
  for (const [i, v] of [...early, ...late].entries()) {
    await v.until(`viewer ${i}: every window`, (c) => c.ids().at(-1) === all.at(-1), 120_000);
    assert.deepEqual(v.ids(), all, `viewer ${i}: every window once, in order`);
    assert.equal(v.windowEvents().length, all.length, `viewer ${i}: no window sent again`);
    v.close();
  }
});

test("a catch-up that reads windows before their notifications reach the feed sends each once, and the feed does not send them again", { timeout: 120_000 }, async () => {
  const run = await createRun({ name: `late notes ${tag}`, source: { bucket: env.S3_BUCKET, prefix: `test-live/${tag}-late-notes/` } });
  await db.run.update({ where: { id: run.id }, data: { status: "running", startedAt: new Date() } });
  const first = renumbered(20, windows[0]!.window, run.id);
  const next = renumbered(10, windows[0]!.window + 20, run.id);
  // Stored by the consumer; their notifications go to the web server, not to this feed, which gets them below, late.
  await pipeline.store(run.id, first, 20);
  const feed = new RunFeed(run.id);
  const viewer = new RunSubscriber(run.id, -1, DEFAULT_LIMITS, feed.reader, (s) => feed.remove(s));
  feed.add(viewer);
  const events: ParsedSseEvent[] = [];
  const parser = new SseParser((e) => events.push(e));
  const stream = viewer.readable.getReader();
  const decoder = new TextDecoder();
  const readUntil = async (what: string, done: () => boolean) => {
    const deadline = Date.now() + 60_000;
    while (!done()) {
      assert.ok(Date.now() < deadline, `in time: ${what}`);
      const { value } = await stream.read();
      if (value) parser.push(decoder.decode(value, { stream: true }));
    }
  };
  const windowEvents = () => events.filter((e) => e.event === "window");
  try {
    await readUntil("caught up", () => events.some((e) => e.event === "caught-up"));
    assert.deepEqual(windowEvents().map((e) => Number(e.id)), numbers(first));
    // The notifications of the windows the catch-up already sent reach the feed now: its read of them offers nothing new.
    for (const w of first) feed.notify(w.window);
    // The next ones are stored and notified while the feed may still be reading the first: they come once, with ids.
    await pipeline.store(run.id, next, 30);
    for (const w of next) feed.notify(w.window);
    await readUntil("the next windows", () => windowEvents().at(-1)?.id === String(next.at(-1)!.window));
    assert.deepEqual(
      windowEvents().map((e) => e.id),
      numbers([...first, ...next]).map(String),
      "every window once, with its id, in order: none sent again as an update",
    );
  } finally {
    viewer.close();
  }
});
