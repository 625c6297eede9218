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
  lastEventId: string;
  /** How many times the EventSource had opened when the event came: 1 before the restart, 2 after. */
  opens: number;
}

/** A real EventSource on a page of the web app's origin (the session cookie authorises it), noting every window event. */
async function browserViewer(): Promise<Page> {
  browser = await launchBrowser();
  const page = await loggedInPage(browser);
  await page.goto(`${webUrl()}/api/health`);
  await page.evaluate((id) => {
    const state = { seen: [] as BrowserSeen[], opens: 0, errors: 0 };
    (window as unknown as { cosmo: typeof state }).cosmo = state;
    const source = new EventSource(`/api/runs/${id}/events`);
    source.onopen = () => state.opens++;
    source.onerror = () => state.errors++;
    source.addEventListener("window", (e) => {
      state.seen.push({ window: (JSON.parse(e.data) as { window: number }).window, lastEventId: e.lastEventId, opens: state.opens });
    });
  }, runId);
  return page;
}

const browserState = (page: Page) => page.evaluate(() => (window as unknown as { cosmo: { seen: BrowserSeen[]; opens: number; errors: number } }).cosmo);
const seenInBrowser = async (page: Page) => (await browserState(page)).seen;
const numbers = (ws: WindowResult[]) => ws.map((w) => w.window);

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
    assert.deepEqual(r.windowEvents().map((e) => storedWindowSchema.parse(JSON.parse(e.data)).window), all, `reader ${i}: no window sent twice, with or without an id`);
  }
  await until("the browser's every window", async () => (await seenInBrowser(page)).length >= 30, 60_000);
  const state = await browserState(page);
  const seen = state.seen;
  assert.deepEqual(seen.map((s) => s.window), all, `EventSource: every window once, in order (opened ${state.opens} times, ${state.errors} errors; ${JSON.stringify(seen.map((s) => [s.window % 1000, s.opens]))})`);
  assert.deepEqual(seen.map((s) => s.lastEventId), all.map(String), "each window was its own high-water mark");
});
