// Data quality as a shifter reads it (issue 16): gaps in detector time drawn
// as gaps, a reference overlaid on every histogram with its ratio, runs
// compared, charts and windows exported, the shift overview, the trends.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { writeResults } from "@/lib/consumer/write-results";
import { db } from "@/lib/db";
import { defaultDetectorConfig as detector } from "@/lib/detector/config";
import { env } from "@/lib/env";
import { generatedWindows } from "@/lib/generator/generated-windows";
import { aggregateWindows } from "@/lib/live/run-aggregate";
import { ORBIT_SECONDS } from "@/lib/live/rate-series";
import type { WindowResult } from "@/lib/results/schema";
import { createRun } from "@/lib/runs/create-run";
import { storedWindowSchema } from "@/lib/runs/stored-window";
import { migrate } from "@/lib/runtime/migrate";
import { postgres } from "@/lib/runtime/services/postgres";
import { webUrl } from "@/lib/runtime/services/web";
import { api } from "@/tests/support/api";
import { loggedInPage } from "@/tests/support/auth";
import { launchBrowser, screenshotPath } from "@/tests/support/browser";
import { showsText as showsTextOn } from "@/tests/support/dashboard-page";

const tag = `${Date.now()}-${randomBytes(3).toString("hex")}`;
/** Minutes of detector time without data in the middle of the gap run: windows 10.. are moved 180 windows (about 3 min) later. */
const GAP_WINDOWS = 180;
let browser: Browser;
let page: Page;
let gapRun: { id: string; windows: WindowResult[] };
let refRun: { id: string; windows: WindowResult[] };

async function completedRun(name: string, windows: (runId: string) => WindowResult[]): Promise<{ id: string; windows: WindowResult[] }> {
  const run = await createRun({ name, source: { bucket: env.S3_BUCKET, prefix: `test-dq/${tag}/` } });
  await db.run.update({ where: { id: run.id }, data: { status: "completed", startedBy: "ada", startedAt: new Date(), endedAt: new Date() } });
  const ws = windows(run.id);
  // The consumer's own write: windows upserted, the run's totals moved.
  await writeResults({ windows: ws, unwindowed: [], skipped: 0 });
  return { id: run.id, windows: ws };
}

before(async () => {
  await postgres.start(() => {});
  await migrate();
  gapRun = await completedRun(`dq gap ${tag}`, (id) =>
    generatedWindows(detector, { seed: 31 }, 20, id)
      .slice(0, 20)
      .map((w, i) => (i < 10 ? w : { ...w, window: w.window + GAP_WINDOWS })),
  );
  refRun = await completedRun(`dq reference ${tag}`, (id) => generatedWindows(detector, { seed: 32 }, 30, id).slice(0, 30));
  browser = await launchBrowser();
  page = await loggedInPage(browser, { viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
});

after(async () => {
  await browser?.close();
  await db.$disconnect();
});

const showsText = (testId: string, expected: string) => showsTextOn(page, testId, expected);

/** Clicks a chart's export button and answers the downloaded file's text. */
async function downloaded(testId: string): Promise<{ name: string; text: string; bytes: number }> {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), page.getByTestId(testId).click()]);
  const file = await download.path();
  const text = fs.readFileSync(file, "utf8");
  return { name: download.suggestedFilename(), text, bytes: fs.statSync(file).size };
}

test("histograms summed over a window range on the server, with the orbits they span", async () => {
  const whole = await api("GET", `/api/runs/${refRun.id}/histograms`);
  assert.equal(whole.status, 200);
  const expected = aggregateWindows(refRun.windows);
  assert.equal(whole.json.aggregate.windows, 30);
  assert.equal(whole.json.aggregate.orbits, 30 * detector.orbitsPerWindow);
  assert.equal(whole.json.aggregate.totalHits, expected.totalHits);
  assert.deepEqual(whole.json.aggregate.occupancy, expected.occupancy);
  assert.deepEqual(whole.json.aggregate.driftTime.counts, expected.driftTime.counts);
  const first = refRun.windows[0]!.window;
  const part = await api("GET", `/api/runs/${refRun.id}/histograms?from=${first + 5}&to=${first + 14}`);
  assert.equal(part.status, 200);
  assert.equal(part.json.aggregate.windows, 10);
  assert.equal(part.json.firstWindow, first + 5);
  assert.equal(part.json.lastWindow, first + 14);
  assert.deepEqual(part.json.aggregate.multiplicity, aggregateWindows(refRun.windows.slice(5, 15)).multiplicity);
  const bad = await api("GET", `/api/runs/${refRun.id}/histograms?from=9&to=3`);
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.json.error.fields.map((f: { path: string }) => f.path), ["to"]);
  assert.equal((await api("GET", `/api/runs/00000000-0000-4000-8000-000000000000/histograms`)).status, 404);
});

test("a run's windows as JSON Lines, streamed: one line per stored window, as the windows API has them", async () => {
  const res = await api("GET", `/api/runs/${gapRun.id}/windows.jsonl`);
  assert.equal(res.status, 200);
  const lines = res.text.trimEnd().split("\n");
  assert.equal(lines.length, await db.runWindow.count({ where: { runId: gapRun.id } }));
  const parsed = lines.map((l) => storedWindowSchema.parse(JSON.parse(l)));
  assert.deepEqual(
    parsed.map((w) => w.window),
    gapRun.windows.map((w) => w.window),
  );
  const listed = await api("GET", `/api/runs/${gapRun.id}/windows`);
  assert.deepEqual(parsed, listed.json.windows);
  const ranged = await api("GET", `/api/runs/${gapRun.id}/windows.jsonl?from=${gapRun.windows[10]!.window}`);
  assert.equal(ranged.text.trimEnd().split("\n").length, 10);
});

test("minutes of detector time without windows are a gap on the hit rate chart; its CSV has the API's numbers", { timeout: 120_000 }, async () => {
  await page.goto(`${webUrl()}/runs/${gapRun.id}`);
  await page.getByTestId("dashboard").waitFor({ timeout: 30_000 });
  await showsText("replay-total", "20");
  const rate = page.getByTestId("chart-rate");
  assert.equal(await rate.getAttribute("data-gaps"), "1");
  assert.equal(await rate.getAttribute("data-points"), "21");
  await page.screenshot({ path: screenshotPath("dq-rate-gap"), fullPage: true });

  const csv = await downloaded("chart-rate-csv");
  assert.equal(csv.name, "hit-rate-over-the-run.csv");
  const [header, ...rows] = csv.text.trimEnd().split("\n");
  assert.equal(header, "detector time (s),chamber 0,chamber 1,chamber 2,chamber 3,total");
  assert.equal(rows.length, 21);
  const span = detector.orbitsPerWindow * ORBIT_SECONDS;
  const windows = (await api("GET", `/api/runs/${gapRun.id}/windows`)).json.windows as { window: number; result: WindowResult }[];
  const cells = rows.map((r) => r.split(","));
  // Row 10 is the gap: no value in any series, at the time the first missing window would start.
  assert.deepEqual(cells[10]!.slice(1), ["", "", "", "", ""]);
  assert.ok(Math.abs(Number(cells[10]![0]) - 10 * span) < 1e-6);
  const drawn = [...cells.slice(0, 10), ...cells.slice(11)];
  windows.forEach((w, i) => {
    assert.ok(Math.abs(Number(drawn[i]![0]) - (w.window - windows[0]!.window) * span) < 1e-6);
    assert.ok(Math.abs(Number(drawn[i]![5]) - w.result.totalHits / span) < 1e-6, `window ${w.window}'s total rate`);
    assert.ok(Math.abs(Number(drawn[i]![3]) - w.result.hitsPerChamber[2]! / span) < 1e-6);
  });

  const png = await downloaded("chart-rate-png");
  assert.equal(png.name, "hit-rate-over-the-run.png");
  assert.ok(png.bytes > 5_000, `a drawn chart, ${png.bytes} bytes`);
});

test("a run compared with itself as reference: every histogram overlaid with a ratio of 1", { timeout: 120_000 }, async () => {
  await page.goto(`${webUrl()}/runs/${refRun.id}?reference=${refRun.id}`);
  await page.getByTestId("reference-bar").waitFor({ timeout: 30_000 });
  await showsText("reference-scale", "1.0000");
  for (const chart of ["chart-occupancy", "chart-occupancy-scint", "chart-multiplicity", "chart-drift-0", "chart-drift-3"]) await showsText(`${chart}-ratio-total`, "1.000");
  await page.getByTestId("chart-occupancy-ratio").locator("canvas").waitFor();
  const csv = await downloaded("chart-drift-1-ratio-csv");
  for (const row of csv.text.trimEnd().split("\n").slice(1)) {
    const ratio = row.split(",")[1]!;
    assert.ok(ratio === "" || Number(ratio) === 1, `drift-time bin ratio ${ratio}`);
  }
  await page.getByTestId("reference-toggle").uncheck();
  await page.getByTestId("chart-occupancy-ratio").waitFor({ state: "detached" });
  await page.getByTestId("reference-toggle").check();
});

test("another run as reference is normalised to the orbits shown: the replay's first 10 windows against 30", { timeout: 120_000 }, async () => {
  await page.goto(`${webUrl()}/runs/${gapRun.id}?reference=${refRun.id}`);
  await page.getByTestId("reference-bar").waitFor({ timeout: 30_000 });
  await showsText("reference-scale", (20 / 30).toFixed(4));
  await page.getByTestId("replay-position").fill("10");
  await showsText("reference-scale", (10 / 30).toFixed(4));
  // Same detector, same muon rate, another seed: about as many hits as the reference over the same time.
  const ratio = Number(await page.getByTestId("chart-occupancy-ratio-total").textContent());
  const shown = aggregateWindows(gapRun.windows.slice(0, 10)).totalHits;
  const reference = aggregateWindows(refRun.windows).totalHits / 3;
  assert.ok(Math.abs(ratio - shown / reference) < 0.001, `ratio ${ratio}, expected ${shown / reference}`);
  assert.ok(Math.abs(ratio - 1) < 0.1, `ratio ${ratio}`);
  await page.screenshot({ path: screenshotPath("dq-reference-overlay"), fullPage: true });
});
