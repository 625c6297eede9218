// A shift as a new user goes through it, in Debian's chromium: open the app,
// start the localhost cluster, start a run on generated data, watch the
// charts fill with what the pipeline computed, pause and resume, halt, find
// the run in the history and replay it. A screenshot of every page.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { db } from "@/lib/db";
import { defaultDetectorConfig } from "@/lib/detector/config";
import { env } from "@/lib/env";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { s3Sink } from "@/lib/generator/sinks";
import { generateWords } from "@/lib/generator/stream";
import { writeDataFiles } from "@/lib/generator/write-files";
import { referenceStatsOfPrefix } from "@/lib/pipeline/reference-stats";
import type { WindowResult } from "@/lib/results/schema";
import { webUrl } from "@/lib/runtime/services/web";
import { ensureBucket } from "@/lib/s3/client";
import { loggedInPage } from "@/tests/support/auth";
import { launchBrowser, screenshotPath } from "@/tests/support/browser";
import { shownNumber, showsSums, showsText, storedSums } from "@/tests/support/dashboard-page";

const PREFIX = `shift-${Date.now()}/`;
const RECORDS = 90_000;
// The default run rate: about one window of detector time per second.
const RATE = 1000;
let browser: Browser;
let page: Page;
let runId = "";

async function routine(name: string): Promise<void> {
  await page.getByTestId(`routine-${name}`).click();
  const status = page.getByTestId("execution").filter({ has: page.getByRole("heading", { name: new RegExp(`^${name}`) }) }).getByTestId("execution-status");
  await status.filter({ hasText: /succeeded|failed/ }).waitFor({ timeout: 6 * 60_000 });
  const outcome = (await status.textContent())?.trim();
  const error = outcome === "failed" ? await page.getByTestId("execution-error").textContent() : "";
  assert.equal(outcome, "succeeded", `${name}: ${error}`);
}

before(async () => {
  // The localhost preset replays the demo bucket; this run reads a prefix of its own there.
  await ensureBucket(env.S3_BUCKET);
  const options = generatorOptionsSchema.parse({ seed: 5 });
  await writeDataFiles(generateWords(defaultDetectorConfig, options, { records: RECORDS }), { format: "txt", recordsPerFile: 30_000, sink: s3Sink(env.S3_BUCKET, PREFIX) });
  browser = await launchBrowser();
  page = await loggedInPage(browser, { viewport: { width: 1280, height: 1000 } });
});

after(async () => {
  await browser?.close();
  await db.$disconnect();
});

test("open the app and start the localhost cluster", { timeout: 8 * 60_000 }, async () => {
  await page.goto(webUrl());
  await page.getByRole("banner").getByRole("link", { name: "Clusters" }).click();
  await page.getByTestId("cluster-localhost").getByRole("link", { name: "localhost" }).click();
  await page.getByTestId("cluster-state").waitFor();
  await routine("init");
  await showsText(page, "cluster-state", "up");
  assert.match((await page.getByTestId("step-1").getByTestId("step-output").textContent()) ?? "", /kafka/);
  await page.screenshot({ path: screenshotPath("shift-cluster-init"), fullPage: true });
});

test("start a run on generated data and watch the live view fill with the pipeline's values", { timeout: 10 * 60_000 }, async () => {
  await page.getByTestId("run-prefix").fill(PREFIX);
  await page.getByTestId("run-rate").fill(String(RATE));
  await page.getByTestId("run-name").fill("shift e2e");
  await routine("run");
  await showsText(page, "cluster-state", "running");
  runId = ((await page.getByTestId("run-link").textContent()) ?? "").trim();
  await page.getByTestId("run-link").click();
  await page.getByTestId("dashboard").waitFor({ timeout: 30_000 });
  await showsText(page, "live-state", "live");

  // The first windows wait for the job's first micro-batches (a minute or two on a busy 2-core machine).
  await page.getByTestId("windows-count").filter({ hasText: /^[1-9]/ }).waitFor({ timeout: 5 * 60_000 });
  // Then windows arrive while we watch: the count shown grows, step by step.
  const seen: { at: number; windows: number }[] = [];
  const until = Date.now() + 120_000;
  while (Date.now() < until && seen.length < 6) {
    const windows = await shownNumber(page, "windows-count").catch(() => 0);
    if (windows > 0 && windows !== seen.at(-1)?.windows) seen.push({ at: Date.now(), windows });
    await sleep(100);
  }
  assert.ok(seen.length >= 6, `the live view updated ${seen.length} times: ${JSON.stringify(seen)}`);
  const gaps = seen.slice(1).map((s, i) => s.at - seen[i]!.at);
  console.log(`live view updates: ${seen.map((s) => s.windows).join(" ")} windows; gaps between updates ${gaps.join(", ")} ms (max ${Math.max(...gaps)} ms)`);
  // The pipeline strip shows the Spark job's batch time and the window latency the consumer measured.
  const duration = /^\d+ ms$|^\d+\.\d\d s$/;
  await page.getByTestId("pipeline-batch").filter({ hasText: duration }).waitFor({ timeout: 30_000 });
  await page.getByTestId("pipeline-latency").filter({ hasText: duration }).waitFor({ timeout: 30_000 });
  await page.getByTestId("pipeline-kafka-lag").filter({ hasText: /^[\d,]+$/ }).waitFor({ timeout: 30_000 });
  console.log(
    `pipeline strip: Spark batch ${await page.getByTestId("pipeline-batch").textContent()}, window latency ${await page.getByTestId("pipeline-latency").textContent()}, Kafka lag ${await page.getByTestId("pipeline-kafka-lag").textContent()}`,
  );
  await page.screenshot({ path: screenshotPath("shift-live"), fullPage: true });

  await page.getByTestId("pause").click();
  await showsText(page, "live-state", "paused");
  const frozen = await shownNumber(page, "windows-count");
  await page.getByTestId("paused-new").filter({ hasText: /^[1-9]/ }).waitFor({ timeout: 60_000 });
  assert.equal(await shownNumber(page, "windows-count"), frozen, "paused: the view holds still while windows arrive");
  await page.screenshot({ path: screenshotPath("shift-paused"), fullPage: true });
  await page.getByTestId("pause").click();
  await showsText(page, "live-state", "live");

  // Once the replay is done, every number shown is the stored windows', and those are the reference's.
  const reference = (await referenceStatsOfPrefix(env.S3_BUCKET, PREFIX, defaultDetectorConfig, runId)).filter((m): m is WindowResult => m.schema === "cosmo.window.v1");
  const deadline = Date.now() + 5 * 60_000;
  while ((await db.runWindow.count({ where: { runId } })) < reference.length && Date.now() < deadline) await sleep(1000);
  await sleep(4000); // the idle flush re-emits nothing new; let any last update land
  const sums = await storedSums(runId);
  assert.equal(sums.windows, reference.length);
  assert.equal(sums.totalHits, reference.reduce((n, w) => n + w.totalHits, 0));
  await showsSums(page, sums, 60_000);
  await page.screenshot({ path: screenshotPath("shift-complete"), fullPage: true });
});

test("halt the run from the cluster page, find it in the history and replay it", { timeout: 8 * 60_000 }, async () => {
  await page.goto(`${webUrl()}/clusters/localhost`);
  await routine("halt");
  await showsText(page, "cluster-state", "up");
  const run = await db.run.findUniqueOrThrow({ where: { id: runId } });
  assert.equal(run.status, "halted");
  assert.equal((run.totals as { records: number }).records, RECORDS);
  await page.screenshot({ path: screenshotPath("shift-halted"), fullPage: true });

  await page.getByRole("banner").getByRole("link", { name: "Runs", exact: true }).click();
  const row = page.getByTestId(`run-row-${runId}`);
  await row.waitFor({ timeout: 30_000 });
  assert.equal((await row.getByTestId("run-status").textContent())?.trim(), "halted");
  await page.screenshot({ path: screenshotPath("shift-history"), fullPage: true });
  await row.getByTestId("run-link").click();
  await page.getByTestId("dashboard").waitFor({ timeout: 30_000 });
  await showsText(page, "live-state", "replay");
  await showsSums(page, await storedSums(runId));
  await page.screenshot({ path: screenshotPath("shift-replay"), fullPage: true });
});
