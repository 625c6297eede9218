// The web server restarted under three live viewers of a run (two plain HTTP
// readers that reconnect as EventSource does, one real EventSource in
// chromium) while windows keep being stored: each viewer ends with every
// window exactly once, in order.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { db } from "@/lib/db";
import { defaultDetectorConfig as detector } from "@/lib/detector/config";
import { env } from "@/lib/env";
import { generatedWindows } from "@/lib/generator/generated-windows";
import type { WindowResult } from "@/lib/results/schema";
import { createRun } from "@/lib/runs/create-run";
import { storedWindowSchema } from "@/lib/runs/stored-window";
import { web, webUrl } from "@/lib/runtime/services/web";
import { authHeader, loggedInPage } from "@/tests/support/auth";
import { launchBrowser } from "@/tests/support/browser";
import { ResultsPipeline, until } from "@/tests/support/results-pipeline";
import { SseClient } from "@/tests/support/sse-client";

const tag = `${Date.now()}-${randomBytes(3).toString("hex")}`;
let runId: string;
let windows: WindowResult[];
let pipeline: ResultsPipeline;
let browser: Browser | undefined;
const clients: SseClient[] = [];

before(async () => {
  pipeline = await ResultsPipeline.start(`web-restart-${tag}`);
  const run = await createRun({ name: `web restart ${tag}`, source: { bucket: env.S3_BUCKET, prefix: `test-web-restart/${tag}/` } });
  runId = run.id;
  await db.run.update({ where: { id: runId }, data: { status: "running", startedAt: new Date() } });
  windows = generatedWindows(detector, { seed: 17 }, 40, runId).slice(0, 30);
  assert.equal(windows.length, 30);
});

after(async () => {
  for (const c of clients) c.close();
  await browser?.close();
  // Whatever happened, later test files need the web server up.
  await web.start(() => {});
  await pipeline?.stop();
  await db.$disconnect();
});

interface BrowserSeen {
  window: number;
  updatedAt: string;
  lastEventId: string;
  /** How many times the EventSource had opened when the event came: 1 before the restart, 2 after. */
  opens: number;
}

/** A real EventSource on a page of the web app's origin (the session cookie authorises it), noting every window event. */
async function browserViewer(): Promise<Page> {
  browser = await launchBrowser();
  const page = await loggedInPage(browser);
  // A page of the app: its policy allows connecting to the origin (an API response's own policy, default-src 'none', would refuse the EventSource).
  await page.goto(`${webUrl()}/health`);
  await page.evaluate((id) => {
    const state = { seen: [] as BrowserSeen[], opens: 0, errors: 0 };
    (window as unknown as { cosmo: typeof state }).cosmo = state;
    const source = new EventSource(`/api/runs/${id}/events`);
    source.onopen = () => state.opens++;
    source.onerror = () => state.errors++;
    source.addEventListener("window", (e) => {
      const { window, updatedAt } = JSON.parse(e.data) as { window: number; updatedAt: string };
      state.seen.push({ window, updatedAt, lastEventId: e.lastEventId, opens: state.opens });
    });
  }, runId);
  return page;
}

const browserState = (page: Page) => page.evaluate(() => (window as unknown as { cosmo: { seen: BrowserSeen[]; opens: number; errors: number } }).cosmo);
const seenInBrowser = async (page: Page) => (await browserState(page)).seen;
const numbers = (ws: WindowResult[]) => ws.map((w) => w.window);

/**
 * No duplicate: a copy of a window is sent at most once; a window stored
 * again (the Kafka producer may resend under load, and the consumer then
 * upserts it anew) may follow as an update, and the viewer ends with every
 * window as it is stored now.
 */
async function assertCurrentCopiesOnce(who: string, copies: { window: number; updatedAt: string }[]): Promise<void> {
  const keys = copies.map((c) => `${c.window}@${c.updatedAt}`);
  assert.deepEqual(keys.filter((k, i) => keys.indexOf(k) !== i), [], `${who}: a copy of a window was sent twice`);
  const rows = await db.runWindow.findMany({ where: { runId }, select: { window: true, updatedAt: true }, orderBy: { window: "asc" } });
  const last = new Map(copies.map((c) => [c.window, c.updatedAt]));
  assert.deepEqual(
    rows.map((r) => [r.window, last.get(r.window)]),
    rows.map((r) => [r.window, r.updatedAt.toISOString()]),
    `${who}: every window as stored`,
  );
}

test("three viewers of a live run resume after a web server restart with no gap and no duplicate", { timeout: 240_000 }, async () => {
  await pipeline.store(runId, windows.slice(0, 10), 10);
  const auth = await authHeader();
  const readers = [new SseClient(runId, auth, undefined, { reconnect: true }), new SseClient(runId, auth, undefined, { reconnect: true })];
  clients.push(...readers);
  const page = await browserViewer();
  for (const r of readers) await r.until("the recorded windows", (c) => c.ids().length === 10);
  await until("the browser's recorded windows", async () => (await seenInBrowser(page)).length === 10);

  const stoppedAt = Date.now();
  await web.stop(() => {});
  // Stored while no server runs: the viewers can only get these by resuming.
  await pipeline.store(runId, windows.slice(10, 20), 20);
  await web.start(() => {});
  console.log(`web server down for ${((Date.now() - stoppedAt) / 1000).toFixed(1)} s`);
  await pipeline.store(runId, windows.slice(20, 30), 30);

  const all = numbers(windows);
  for (const [i, r] of readers.entries()) {
    await r.until(`reader ${i}: every window`, (c) => c.windowEvents().length >= 30, 60_000);
    assert.equal(r.status, 200);
    assert.ok(r.connections >= 2, `reader ${i} reconnected (${r.connections} connections)`);
    assert.deepEqual(r.ids(), all, `reader ${i}: every window once, in order`);
    await assertCurrentCopiesOnce(`reader ${i}`, r.windowEvents().map((e) => storedWindowSchema.parse(JSON.parse(e.data))));
  }
  await until("the browser's every window", async () => (await seenInBrowser(page)).length >= 30, 60_000);
  const state = await browserState(page);
  const diagnostics = `opened ${state.opens} times, ${state.errors} errors; ${JSON.stringify(state.seen.map((s) => [s.window, s.lastEventId, s.opens]))}`;
  assert.ok(state.opens >= 2, `EventSource reconnected (${diagnostics})`);
  const firstCopies = state.seen.filter((s, i) => state.seen.findIndex((t) => t.window === s.window) === i);
  assert.deepEqual(firstCopies.map((s) => s.window), all, `EventSource: every window, in order (${diagnostics})`);
  assert.deepEqual(firstCopies.map((s) => s.lastEventId), all.map(String), "each new window came with its number as its id");
  await assertCurrentCopiesOnce("EventSource", state.seen);
});
