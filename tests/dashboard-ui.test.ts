import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { db } from "@/lib/db";
import { defaultDetectorConfig as detector } from "@/lib/detector/config";
import { env } from "@/lib/env";
import { generatedWindows } from "@/lib/generator/generated-windows";
import { PROGRESS_SCHEMA, type WindowResult } from "@/lib/results/schema";
import { createRun } from "@/lib/runs/create-run";
import { webUrl } from "@/lib/runtime/services/web";
import { loggedInPage } from "@/tests/support/auth";
import { cspViolations, launchBrowser, screenshotPath } from "@/tests/support/browser";
import { type Sums, shownNumber, shows as showsOn, showsSums as showsSumsOn, showsText as showsTextOn, storedSums } from "@/tests/support/dashboard-page";
import { ResultsPipeline } from "@/tests/support/results-pipeline";

const tag = `${Date.now()}-${randomBytes(3).toString("hex")}`;
let browser: Browser;
let page: Page;
let pipeline: ResultsPipeline;
let liveRun: { id: string; windows: WindowResult[] };
let doneRun: { id: string; windows: WindowResult[] };

const store = (runId: string, ws: WindowResult[]) => pipeline.store(runId, ws);

const number = (testId: string) => shownNumber(page, testId);
const shows = (testId: string, expected: number, timeoutMs?: number) => showsOn(page, testId, expected, timeoutMs);
const showsText = (testId: string, expected: string) => showsTextOn(page, testId, expected);
const showsSums = (sums: Sums) => showsSumsOn(page, sums);

before(async () => {
  pipeline = await ResultsPipeline.start(`ui-${tag}`);
  const source = { bucket: env.S3_BUCKET, prefix: `test-ui/${tag}/` };
  const live = await createRun({ name: `ui live ${tag}`, source });
  await db.run.update({ where: { id: live.id }, data: { status: "running", startedBy: "ada", startedAt: new Date() } });
  const done = await createRun({ name: `ui replay ${tag}`, source });
  await db.run.update({ where: { id: done.id }, data: { status: "completed", startedBy: "grace", startedAt: new Date(), endedAt: new Date() } });
  liveRun = { id: live.id, windows: generatedWindows(detector, { seed: 21 }, 40, live.id).slice(0, 40) };
  doneRun = { id: done.id, windows: generatedWindows(detector, { seed: 22 }, 30, done.id).slice(0, 30) };
  await store(doneRun.id, doneRun.windows);
  await store(liveRun.id, liveRun.windows.slice(0, 15));
  browser = await launchBrowser();
  page = await loggedInPage(browser, { viewport: { width: 1280, height: 900 } });
});

after(async () => {
  await browser?.close();
  await pipeline?.stop();
  await db.$disconnect();
});

test("the run history lists the runs with their sums and filters them", { timeout: 120_000 }, async () => {
  await page.goto(`${webUrl()}/runs`);
  const liveRow = page.getByTestId(`run-row-${liveRun.id}`);
  await liveRow.waitFor({ timeout: 30_000 });
  assert.equal((await liveRow.getByTestId("run-status").textContent())?.trim(), "running");
  const doneRow = page.getByTestId(`run-row-${doneRun.id}`);
  const done = await storedSums(doneRun.id);
  assert.equal(Number((await doneRow.getByTestId("run-hits").textContent())?.replace(/,/g, "")), done.totalHits);
  assert.equal(Number((await doneRow.getByTestId("run-windows").textContent())?.replace(/,/g, "")), 30);
  await page.screenshot({ path: screenshotPath("runs"), fullPage: true });

  await page.getByTestId("filter-status").selectOption("completed");
  await liveRow.waitFor({ state: "detached", timeout: 30_000 });
  await doneRow.waitFor({ timeout: 30_000 });
  for (const status of await page.getByTestId("run-status").allTextContents()) assert.equal(status.trim(), "completed");
  await page.getByTestId("filter-status").selectOption("");
  await page.getByTestId("filter-user").fill("ada");
  await doneRow.waitFor({ state: "detached", timeout: 30_000 });
  await liveRow.waitFor({ timeout: 30_000 });
  await page.getByTestId("filter-user").fill("");
  await doneRow.waitFor({ timeout: 30_000 });
});

test("a running run's page shows the stored windows' sums and updates as live windows arrive", { timeout: 180_000 }, async () => {
  await page.getByTestId(`run-row-${liveRun.id}`).getByTestId("run-link").click();
  await page.getByTestId("dashboard").waitFor({ timeout: 30_000 });
  await showsText("live-state", "live");
  await showsSums(await storedSums(liveRun.id));

  await store(liveRun.id, liveRun.windows.slice(15, 25));
  await showsSums(await storedSums(liveRun.id));
  assert.equal(await number("pipeline-last-window").catch(() => Number.NaN), liveRun.windows[24]!.window);
  assert.notEqual((await page.getByTestId("last-data").textContent())?.trim(), "–");
  assert.notEqual((await page.getByTestId("last-refresh").textContent())?.trim(), "–");
  // The Spark job's progress (here sent as the job sends it): window 24's last record entered Kafka 850 ms before its row.
  const w24 = await db.runWindow.findUniqueOrThrow({ where: { runId_window: { runId: liveRun.id, window: liveRun.windows[24]!.window } } });
  await pipeline.send([
    { schema: PROGRESS_SCHEMA, runId: liveRun.id, at: new Date().toISOString(), batches: 5, batchMs: 1520, batchP50Ms: 140, kafkaLagOffsets: 1234, windows: [{ window: w24.window, inputAt: w24.receivedAt.getTime() - 850 }] },
  ]);
  await showsText("pipeline-latency", "850 ms");
  await showsText("pipeline-batch", "1.52 s");
  await showsText("pipeline-kafka-lag", "1,234");
  // The generator's noisy and dead channels (FPGA 0 ch 66, FPGA 1 ch 101) are flagged against the run so far.
  await page.getByTestId("flag-noisy-1-2").waitFor({ timeout: 10_000 });
  await page.getByTestId("flag-dead-3-37").waitFor({ timeout: 10_000 });
  const draws = await page.evaluate(() => performance.getEntriesByName("cosmo-draw").length);
  assert.ok(draws > 0, "window updates are measured as they are drawn");
  await page.screenshot({ path: screenshotPath("run-live"), fullPage: true });
});

test("pause freezes the numbers while windows keep arriving; resume catches up", { timeout: 180_000 }, async () => {
  const frozen = await storedSums(liveRun.id);
  await page.getByTestId("pause").click();
  await showsText("live-state", "paused");
  const refreshed = await page.getByTestId("last-refresh").textContent();
  await store(liveRun.id, liveRun.windows.slice(25, 32));
  await shows("paused-new", 7);
  await showsSums(frozen);
  assert.equal(await page.getByTestId("last-refresh").textContent(), refreshed, "the view was not redrawn");
  await page.screenshot({ path: screenshotPath("run-paused"), fullPage: true });

  await page.getByTestId("pause").click();
  await showsSums(await storedSums(liveRun.id));
  await showsText("live-state", "live");
});

test("the per-window toggle shows the latest window alone; log scale redraws the charts", { timeout: 120_000 }, async () => {
  const last = liveRun.windows[31]!;
  await page.getByTestId("mode-window").click();
  await shows("hits-total", last.totalHits);
  for (let c = 0; c < 4; c++) await shows(`hits-chamber-${c}`, last.hitsPerChamber[c]!);
  await showsText("view-scope", `window ${last.window}`);
  // Live windows move the per-window view to the newest.
  await store(liveRun.id, liveRun.windows.slice(32, 33));
  await shows("hits-total", liveRun.windows[32]!.totalHits);

  await page.getByTestId("log-scale").check();
  await page.getByTestId("chart-occupancy").locator("canvas").waitFor();
  await page.screenshot({ path: screenshotPath("run-window-log"), fullPage: true });
  await page.getByTestId("log-scale").uncheck();
  await page.getByTestId("mode-cumulative").click();
  await showsSums(await storedSums(liveRun.id));
});

test("a finished run replays its recorded windows, up to any window", { timeout: 120_000 }, async () => {
  await page.goto(`${webUrl()}/runs/${doneRun.id}`);
  await page.getByTestId("dashboard").waitFor({ timeout: 30_000 });
  await showsText("live-state", "replay");
  await showsSums(await storedSums(doneRun.id));
  await shows("replay-total", 30);

  await page.getByTestId("replay-position").fill("10");
  await shows("replay-count", 10);
  await showsSums(await storedSums(doneRun.id, doneRun.windows[9]));
  await page.screenshot({ path: screenshotPath("run-replay-10"), fullPage: true });

  await page.getByTestId("replay-play").click();
  await shows("replay-count", 30, 60_000);
  await showsSums(await storedSums(doneRun.id));
  const file = screenshotPath("run-replay");
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(fs.statSync(file).size > 10_000);
});

test("the pages run under their Content-Security-Policy: nothing refused, the charts drawn", { timeout: 120_000 }, async () => {
  const checked = await loggedInPage(browser, { viewport: { width: 1280, height: 900 } });
  const violations = cspViolations(checked);
  await checked.goto(`${webUrl()}/runs`);
  await checked.getByTestId(`run-row-${doneRun.id}`).waitFor({ timeout: 30_000 });
  for (const run of [doneRun, liveRun]) {
    await checked.goto(`${webUrl()}/runs/${run.id}`);
    await checked.getByTestId("chart-occupancy").locator("canvas").waitFor({ timeout: 30_000 });
  }
  await checked.goto(`${webUrl()}/clusters`);
  await checked.getByTestId("cluster-localhost").waitFor({ timeout: 30_000 });
  await checked.goto(`${webUrl()}/login`);
  await checked.getByTestId("username").fill("someone");
  assert.equal(await checked.getByTestId("login").isEnabled(), false, "the form is live (React ran): no password yet");
  await checked.getByTestId("password").fill("something");
  assert.equal(await checked.getByTestId("login").isEnabled(), true);
  assert.deepEqual(violations, []);
  await checked.close();
});
