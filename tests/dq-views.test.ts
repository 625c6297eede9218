// Data quality as a shifter reads it (issue 16): gaps in detector time drawn
// as gaps, a reference overlaid on every histogram with its ratio, runs
// compared, charts and windows exported, the shift overview, the trends.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { clearAlarmsOfRun, syncAlarm } from "@/lib/alarms/sync-alarm";
import { localhostPreset } from "@/lib/clusters/presets";
import { writeResults } from "@/lib/consumer/write-results";
import { db } from "@/lib/db";
import { defaultDetectorConfig as detector } from "@/lib/detector/config";
import { generatedWindows } from "@/lib/generator/generated-windows";
import { aggregateWindows } from "@/lib/live/run-aggregate";
import { ORBIT_SECONDS } from "@/lib/live/rate-series";
import type { WindowResult } from "@/lib/results/schema";
import { storedWindowSchema } from "@/lib/runs/stored-window";
import { chamberQuantities } from "@/lib/trends/chamber-quantities";
import { migrate } from "@/lib/runtime/migrate";
import { postgres } from "@/lib/runtime/services/postgres";
import { webUrl } from "@/lib/runtime/services/web";
import { api } from "@/tests/support/api";
import { loggedInPage, testAdminToken } from "@/tests/support/auth";
import { cosmo } from "@/tests/support/cli";
import { launchBrowser, screenshotPath } from "@/tests/support/browser";
import { showsText as showsTextOn } from "@/tests/support/dashboard-page";
import { downloaded, storedRun, type StoredRun } from "@/tests/support/stored-runs";

const tag = `${Date.now()}-${randomBytes(3).toString("hex")}`;
/** Minutes of detector time without data in the middle of the gap run: windows 30.. are moved 180 windows (about 3 min) later. */
const GAP_WINDOWS = 180;
/** Windows of each test run: a minute of detector time, enough drift-time entries for t0 and tmax over a run (MIN_DRIFT_ENTRIES). */
const WINDOWS = 60;
let browser: Browser;
let page: Page;
let gapRun: StoredRun;
let refRun: StoredRun;
let openRun: StoredRun;
/** The open run's next window, stored while its live page is watched. */
let openNext: WindowResult;
let clusterId: string;

before(async () => {
  await postgres.start(() => {});
  await migrate();
  // A cluster of this file's own, so the trends' cluster filter finds exactly its runs.
  clusterId = (await db.clusterConfig.create({ data: { name: `dq-${tag}`, description: "data-quality views test", spec: localhostPreset().spec as object } })).id;
  gapRun = await storedRun(`dq gap ${tag}`, clusterId, "completed", (id) =>
    generatedWindows(detector, { seed: 31 }, WINDOWS, id)
      .slice(0, WINDOWS)
      .map((w, i) => (i < WINDOWS / 2 ? w : { ...w, window: w.window + GAP_WINDOWS })),
  );
  refRun = await storedRun(`dq reference ${tag}`, clusterId, "completed", (id) => generatedWindows(detector, { seed: 32 }, WINDOWS, id).slice(0, WINDOWS));
  openRun = await storedRun(`dq open ${tag}`, clusterId, "running", (id) => {
    const ws = generatedWindows(detector, { seed: 33 }, 8, id);
    openNext = ws[5]!;
    return ws.slice(0, 5);
  });
  browser = await launchBrowser();
  page = await loggedInPage(browser, { viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
});

after(async () => {
  await clearAlarmsOfRun(openRun.id).catch(() => {});
  await browser?.close();
  await db.$disconnect();
});

const showsText = (testId: string, expected: string) => showsTextOn(page, testId, expected);

const download = (testId: string) => downloaded(page, testId);

test("histograms summed over a window range on the server, with the orbits they span", async () => {
  const whole = await api("GET", `/api/runs/${refRun.id}/histograms`);
  assert.equal(whole.status, 200);
  const expected = aggregateWindows(refRun.windows);
  assert.equal(whole.json.aggregate.windows, WINDOWS);
  assert.equal(whole.json.aggregate.orbits, WINDOWS * detector.orbitsPerWindow);
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
  const ranged = await api("GET", `/api/runs/${gapRun.id}/windows.jsonl?from=${gapRun.windows[WINDOWS / 2]!.window}`);
  assert.equal(ranged.text.trimEnd().split("\n").length, WINDOWS / 2);
  // The same from the CLI, streamed to its stdout.
  const cli = await cosmo(["windows", gapRun.id, "--to", String(gapRun.windows[9]!.window)], { COSMO_TOKEN: (await testAdminToken()).value });
  assert.equal(cli.code, 0, cli.stderr);
  assert.deepEqual(cli.stdout.trimEnd().split("\n"), lines.slice(0, 10));
});

test("minutes of detector time without windows are a gap on the hit rate chart; its CSV has the API's numbers", { timeout: 120_000 }, async () => {
  await page.goto(`${webUrl()}/runs/${gapRun.id}`);
  await page.getByTestId("dashboard").waitFor({ timeout: 30_000 });
  await showsText("replay-total", String(WINDOWS));
  const rate = page.getByTestId("chart-rate");
  assert.equal(await rate.getAttribute("data-gaps"), "1");
  assert.equal(await rate.getAttribute("data-points"), String(WINDOWS + 1));
  await page.screenshot({ path: screenshotPath("dq-rate-gap"), fullPage: true });

  const csv = await download("chart-rate-csv");
  assert.equal(csv.name, "hit-rate-over-the-run.csv");
  const [header, ...rows] = csv.text.trimEnd().split("\n");
  assert.equal(header, "detector time (s),chamber 0,chamber 1,chamber 2,chamber 3,total");
  assert.equal(rows.length, WINDOWS + 1);
  const span = detector.orbitsPerWindow * ORBIT_SECONDS;
  const windows = (await api("GET", `/api/runs/${gapRun.id}/windows`)).json.windows as { window: number; result: WindowResult }[];
  const cells = rows.map((r) => r.split(","));
  // The row after the first half is the gap: no value in any series, at the time the first missing window would start.
  const gap = WINDOWS / 2;
  assert.deepEqual(cells[gap]!.slice(1), ["", "", "", "", ""]);
  assert.ok(Math.abs(Number(cells[gap]![0]) - gap * span) < 1e-6);
  const drawn = [...cells.slice(0, gap), ...cells.slice(gap + 1)];
  windows.forEach((w, i) => {
    assert.ok(Math.abs(Number(drawn[i]![0]) - (w.window - windows[0]!.window) * span) < 1e-6);
    assert.ok(Math.abs(Number(drawn[i]![5]) - w.result.totalHits / span) < 1e-6, `window ${w.window}'s total rate`);
    assert.ok(Math.abs(Number(drawn[i]![3]) - w.result.hitsPerChamber[2]! / span) < 1e-6);
  });

  const png = await download("chart-rate-png");
  assert.equal(png.name, "hit-rate-over-the-run.png");
  assert.ok(png.bytes > 5_000, `a drawn chart, ${png.bytes} bytes`);
});

test("a run compared with itself as reference: every histogram overlaid with a ratio of 1", { timeout: 120_000 }, async () => {
  await page.goto(`${webUrl()}/runs/${refRun.id}?reference=${refRun.id}`);
  await page.getByTestId("reference-bar").waitFor({ timeout: 30_000 });
  await showsText("reference-scale", "1.0000");
  for (const chart of ["chart-occupancy", "chart-occupancy-scint", "chart-multiplicity", "chart-drift-0", "chart-drift-3"]) await showsText(`${chart}-ratio-total`, "1.000");
  await page.getByTestId("chart-occupancy-ratio").locator("canvas").waitFor();
  const csv = await download("chart-drift-1-ratio-csv");
  for (const row of csv.text.trimEnd().split("\n").slice(1)) {
    const ratio = row.split(",")[1]!;
    assert.ok(ratio === "" || Number(ratio) === 1, `drift-time bin ratio ${ratio}`);
  }
  await page.getByTestId("reference-toggle").uncheck();
  await page.getByTestId("chart-occupancy-ratio").waitFor({ state: "detached" });
  await page.getByTestId("reference-toggle").check();
});

test("another run as reference is normalised to the orbits shown: the replay's first 10 windows against the reference's 60", { timeout: 120_000 }, async () => {
  // Chosen on the run page: the page's address then names it, to share.
  await page.goto(`${webUrl()}/runs/${gapRun.id}`);
  await page.getByTestId("dashboard").waitFor({ timeout: 30_000 });
  await page.getByTestId("overlay-run").selectOption(refRun.id, { timeout: 30_000 });
  await page.getByTestId("reference-bar").waitFor({ timeout: 30_000 });
  assert.equal(new URL(page.url()).searchParams.get("reference"), refRun.id);
  await showsText("reference-scale", "1.0000");
  await page.getByTestId("replay-position").fill("10");
  await showsText("reference-scale", (10 / WINDOWS).toFixed(4));
  // Same detector, same muon rate, another seed: about as many hits as the reference over the same time.
  const ratio = Number(await page.getByTestId("chart-occupancy-ratio-total").textContent());
  const shown = aggregateWindows(gapRun.windows.slice(0, 10)).totalHits;
  const reference = (aggregateWindows(refRun.windows).totalHits * 10) / WINDOWS;
  assert.ok(Math.abs(ratio - shown / reference) < 0.001, `ratio ${ratio}, expected ${shown / reference}`);
  assert.ok(Math.abs(ratio - 1) < 0.15, `ratio ${ratio}`);
  await page.screenshot({ path: screenshotPath("dq-reference-overlay"), fullPage: true });
});

test("the live view overlays the reference too, normalised to the orbits so far as windows arrive", { timeout: 120_000 }, async () => {
  await page.goto(`${webUrl()}/runs/${openRun.id}?reference=${refRun.id}`);
  await showsText("live-state", "live");
  await showsText("reference-scale", (5 / WINDOWS).toFixed(4));
  await writeResults({ windows: [openNext], unwindowed: [], skipped: 0 });
  await showsText("reference-scale", (6 / WINDOWS).toFixed(4));
  const shown = aggregateWindows([...openRun.windows, openNext]).totalHits;
  const expected = shown / ((aggregateWindows(refRun.windows).totalHits * 6) / WINDOWS);
  await showsText("chart-occupancy-ratio-total", expected.toFixed(3));
  await page.screenshot({ path: screenshotPath("dq-live-reference"), fullPage: true });
});

test("the run page's download link gives the windows as JSON Lines, one line per stored window", { timeout: 60_000 }, async () => {
  await page.goto(`${webUrl()}/runs/${gapRun.id}`);
  const file = await download("export-windows");
  assert.equal(file.name, `run-${gapRun.id}-windows.jsonl`);
  const lines = file.text.trimEnd().split("\n");
  assert.equal(lines.length, await db.runWindow.count({ where: { runId: gapRun.id } }));
  assert.equal(storedWindowSchema.parse(JSON.parse(lines.at(-1)!)).window, gapRun.windows.at(-1)!.window);
});

test("two runs ticked in the run list compare side by side and overlaid, at a shareable URL", { timeout: 120_000 }, async () => {
  await page.goto(`${webUrl()}/runs`);
  for (const run of [gapRun, refRun]) await page.getByTestId(`run-row-${run.id}`).getByTestId("compare-select").check({ timeout: 30_000 });
  await page.getByTestId("compare-runs").click();
  await page.getByTestId("compare-side").waitFor({ timeout: 30_000 });
  const url = new URL(page.url());
  assert.equal(url.pathname, "/compare");
  assert.equal(url.searchParams.get("a"), gapRun.id);
  assert.equal(url.searchParams.get("b"), refRun.id);
  const hits = (w: WindowResult[]) => aggregateWindows(w).totalHits.toLocaleString("en-US");
  await showsText("compare-a-hits", hits(gapRun.windows));
  await showsText("compare-b-hits", hits(refRun.windows));
  await showsText("compare-a-windows", String(WINDOWS));
  // No quality check ran on these runs: no flag, said so.
  await showsText("compare-a-quality", "–");
  // Each run's quality strip under the facts: these stored runs were never checked, so both say so.
  await page.getByTestId("compare-quality").getByTestId("quality-strip-empty").nth(1).waitFor({ timeout: 30_000 });
  for (const id of ["a-chart-occupancy", "b-chart-occupancy", "a-chart-drift-3", "b-chart-multiplicity"]) await page.getByTestId(id).locator("canvas").waitFor();
  await page.screenshot({ path: screenshotPath("dq-compare-side"), fullPage: true });

  await page.getByTestId("mode-overlay").click();
  await page.getByTestId("compare-overlay").waitFor({ timeout: 30_000 });
  assert.equal(new URL(page.url()).searchParams.get("mode"), "overlay");
  const expected = aggregateWindows(gapRun.windows).totalHits / aggregateWindows(refRun.windows).totalHits;
  assert.ok(Math.abs(Number(await page.getByTestId("overlay-chart-occupancy-ratio-total").textContent()) - expected) < 0.001);
  await page.screenshot({ path: screenshotPath("dq-compare-overlay"), fullPage: true });

  // The URL is the comparison: a run against itself, overlaid, opened from the address alone.
  await page.goto(`${webUrl()}/compare?a=${refRun.id}&b=${refRun.id}&mode=overlay`);
  for (const chart of ["chart-occupancy", "chart-occupancy-scint", "chart-multiplicity", "chart-drift-2"]) await showsText(`overlay-${chart}-ratio-total`, "1.000");
});

test("the home page is the shift overview: clusters, open runs with their rate and latest window, active alarms, recent runs", { timeout: 120_000 }, async () => {
  await syncAlarm({ key: `dq-views-test:${openRun.id}`, source: "dq-views-test", kind: "overview", severity: "warning", title: `overview test alarm ${tag}`, runId: openRun.id, clusterId, active: true });
  await page.goto(webUrl());
  await page.getByTestId("shift-overview").waitFor({ timeout: 30_000 });
  await showsText(`overview-cluster-dq-${tag}`, `dq-${tag}downdata-quality views test`);
  const open = page.getByTestId(`overview-open-${openRun.id}`);
  await open.waitFor({ timeout: 30_000 });
  // Stored by the live view's test before.
  const last = openNext;
  assert.equal((await open.getByTestId("open-last-window").textContent())?.trim(), String(last.window));
  const rate = last.totalHits / (last.orbitsPerWindow * ORBIT_SECONDS);
  assert.equal((await open.getByTestId("open-rate").textContent())?.trim(), rate.toLocaleString("en-US", { maximumFractionDigits: 1 }));
  assert.match((await open.getByTestId("open-window-age").textContent()) ?? "", /^\d+ s ago$/);
  await page.getByTestId("overview-alarms").getByText(`overview test alarm ${tag}`).waitFor({ timeout: 30_000 });
  await page.getByTestId(`overview-recent-${refRun.id}`).waitFor({ timeout: 30_000 });
  await page.screenshot({ path: screenshotPath("dq-shift-overview"), fullPage: true });
});

test("trends: the shifter's quantities per chamber computed on the server, run by run and over a run with its gap", { timeout: 120_000 }, async () => {
  const runs = await api("GET", `/api/trends?clusterId=${clusterId}`);
  assert.equal(runs.status, 200);
  assert.deepEqual(
    runs.json.runs.map((r: { runId: string }) => r.runId),
    [gapRun.id, refRun.id, openRun.id],
  );
  const ref = runs.json.runs[1];
  assert.deepEqual(ref.chambers, chamberQuantities(aggregateWindows(refRun.windows), 4));
  for (const c of ref.chambers) {
    assert.ok(Math.abs(c.driftSpanNs - 390) < 20, `tmax - t0 = ${c.driftSpanNs}`);
    assert.ok(c.meanMultiplicity >= 1 && c.meanMultiplicity < 3);
  }

  const trend = await api("GET", `/api/runs/${gapRun.id}/trend?binWindows=${WINDOWS / 2}`);
  assert.equal(trend.status, 200);
  assert.deepEqual(
    trend.json.points.map((p: { windows: number; chambers: unknown }) => [p.windows, p.chambers === null]),
    [
      [WINDOWS / 2, false],
      [0, true],
      [WINDOWS / 2, false],
    ],
  );
  assert.deepEqual(trend.json.points[2].chambers, chamberQuantities(aggregateWindows(gapRun.windows.slice(WINDOWS / 2)), 4));
  assert.equal((await api("GET", `/api/runs/${gapRun.id}/trend?binWindows=0`)).status, 400);

  await page.goto(`${webUrl()}/trends`);
  await page.getByTestId("trend-cluster").selectOption(clusterId);
  await page.waitForFunction(() => document.querySelector('[data-testid="runs-trend-hitRate"]')?.getAttribute("data-points") === "3", undefined, { timeout: 30_000 });
  const csv = await download("runs-trend-driftSpanNs-csv");
  const row2 = csv.text.trimEnd().split("\n")[2]!.split(",").map(Number);
  ref.chambers.forEach((c: { driftSpanNs: number }, i: number) => assert.ok(Math.abs(row2[i + 1]! - c.driftSpanNs) < 1e-9));
  await page.getByTestId("trend-run").selectOption(gapRun.id);
  await page.getByTestId("trend-bin").fill(String(WINDOWS / 2));
  await page.waitForFunction(() => document.querySelector('[data-testid="run-trend-hitRate"]')?.getAttribute("data-gaps") === "1", undefined, { timeout: 30_000 });
  await page.screenshot({ path: screenshotPath("dq-trends"), fullPage: true });
});
