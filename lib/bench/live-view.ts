import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import type { Page } from "playwright-core";
import { openRunPage } from "@/lib/bench/bench-access";
import { benchRoutine } from "@/lib/bench/bench-routine";
import { spreadMs } from "@/lib/bench/stats";
import { db } from "@/lib/db";
import { defaultDetectorConfig } from "@/lib/detector/config";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { s3Sink } from "@/lib/generator/sinks";
import { generateWords } from "@/lib/generator/stream";
import { writeDataFiles } from "@/lib/generator/write-files";
import { launchChromium } from "@/lib/runtime/chromium";
import type { Progress } from "@/lib/runtime/service";
import { ensureBucket } from "@/lib/s3/client";

const BUCKET = "cosmo-bench";
const PREFIX = "live-view/";
/** The run's rate: the detector's own, about one window of detector time per second. */
const RATE = 1000;
/** Four minutes of detector time: more than the warm-up and the measurement replay. */
const RECORDS = 240_000;
/** After the first window is shown, the job works off what piled up while it started. */
const WARM_UP_SECONDS = 20;
const MEASURE_SECONDS = 90;

export interface LiveViewResult {
  rate: number;
  measureSeconds: number;
  windowsShown: number;
  /** Changes of the windows count. */
  windows: Cadence;
  /** Changes of anything the view shows from data: windows and the pipeline strip's figures. */
  view: Cadence;
  /** From the window's row being stored (received_at) to the page showing it. */
  storedToShown: { windows: number; p50Ms: number; p95Ms: number; maxMs: number };
  loadAverage: { start: number; end: number };
}

/**
 * Every change of what the page shows from data, with the wall-clock time it
 * was seen (the observer runs as the DOM changes): the windows count alone,
 * and the view as a whole (the windows count and the pipeline strip's figures;
 * not its "s ago", which a timer moves). A string: tsx would wrap a function's
 * inner closures in a helper the page does not have.
 */
const WATCH_VIEW = `(() => {
  const ids = ["windows-count", "pipeline-rate", "pipeline-sent", "pipeline-inflight", "pipeline-kafka-lag", "pipeline-batch", "pipeline-latency", "pipeline-last-window"];
  const text = (id) => (document.querySelector('[data-testid="' + id + '"]') || {}).textContent || "";
  const windowsNow = () => Number(text("windows-count").replace(/[^0-9]/g, ""));
  const viewNow = () => ids.map(text).join("|");
  const seen = { windows: [{ at: Date.now(), windows: windowsNow() }], view: [Date.now()] };
  let view = viewNow();
  new MutationObserver(() => {
    const now = Date.now();
    const windows = windowsNow();
    if (windows !== seen.windows[seen.windows.length - 1].windows) seen.windows.push({ at: now, windows });
    const v = viewNow();
    if (v !== view) { view = v; seen.view.push(now); }
  }).observe(document.body, { childList: true, characterData: true, subtree: true });
  window.cosmoSeen = seen;
})()`;

interface Seen {
  windows: { at: number; windows: number }[];
  view: number[];
}

const watchView = (page: Page) => page.evaluate(WATCH_VIEW);
const readSeen = (page: Page) => page.evaluate(() => (window as unknown as { cosmoSeen: Seen }).cosmoSeen);

interface Cadence {
  updates: number;
  gapP50Ms: number;
  gapP95Ms: number;
  gapMaxMs: number;
  /** Whole seconds of the measurement in which nothing changed. */
  secondsWithoutUpdate: number;
}

function cadence(times: number[], start: number, end: number): Cadence {
  const gaps = spreadMs(times.slice(1).map((t, i) => t - times[i]!));
  let secondsWithoutUpdate = 0;
  for (let t = start; t + 1000 <= end; t += 1000) if (!times.some((x) => x > t && x <= t + 1000)) secondsWithoutUpdate++;
  return { updates: times.length, gapP50Ms: gaps.p50Ms, gapP95Ms: gaps.p95Ms, gapMaxMs: gaps.maxMs, secondsWithoutUpdate };
}

/**
 * A localhost run as a team starts it (the run routine of the localhost
 * preset, at the detector's rate), watched in chromium on the run's page:
 * how often the live view changes, and how long a stored window takes to
 * show. The page's own clock and PostgreSQL's are this machine's.
 */
export async function measureLiveView(progress: Progress): Promise<LiveViewResult> {
  const loadStart = os.loadavg()[0]!;
  progress(`generating ${RECORDS.toLocaleString("en-US")} records (${RECORDS / RATE} s of detector time) into s3://${BUCKET}/${PREFIX}`);
  await ensureBucket(BUCKET);
  await writeDataFiles(generateWords(defaultDetectorConfig, generatorOptionsSchema.parse({ seed: 11 }), { records: RECORDS }), {
    format: "txt",
    recordsPerFile: RECORDS,
    sink: s3Sink(BUCKET, PREFIX),
  });
  await benchRoutine("init", {}, progress);
  const runId = await benchRoutine("run", { name: "bench: live view", bucket: BUCKET, prefix: PREFIX, rate: RATE }, progress);
  if (!runId) throw new Error("the run routine opened no run");

  const browser = await launchChromium();
  try {
    const page = await openRunPage(browser, runId);
    await page.getByTestId("windows-count").filter({ hasText: /^[1-9]/ }).waitFor({ timeout: 5 * 60_000 });
    progress(`first window shown; ${WARM_UP_SECONDS} s of warm-up, then ${MEASURE_SECONDS} s measured`);
    await sleep(WARM_UP_SECONDS * 1000);
    await watchView(page);
    const start = Date.now();
    await sleep(MEASURE_SECONDS * 1000);
    const end = Date.now();
    const seen = await readSeen(page);
    const shown = seen.windows.filter((s) => s.at <= end);
    await benchRoutine("halt", {}, progress);

    // The n-th window stored is the one that made the count n.
    const stored = await db.runWindow.findMany({ where: { runId }, select: { receivedAt: true }, orderBy: { receivedAt: "asc" } });
    const latencies: number[] = [];
    shown.slice(1).forEach((s, i) => {
      for (let n = shown[i]!.windows; n < s.windows && n < stored.length; n++) latencies.push(s.at - stored[n]!.receivedAt.getTime());
    });
    return {
      rate: RATE,
      measureSeconds: MEASURE_SECONDS,
      windowsShown: shown.at(-1)!.windows - shown[0]!.windows,
      windows: cadence(shown.slice(1).map((s) => s.at), start, end),
      view: cadence(seen.view.slice(1).filter((t) => t <= end), start, end),
      storedToShown: { windows: latencies.length, ...spreadMs(latencies) },
      loadAverage: { start: loadStart, end: os.loadavg()[0]! },
    };
  } finally {
    await browser.close();
  }
}

export function formatLiveViewReport(r: LiveViewResult): string {
  const ms = (x: number) => (Number.isNaN(x) ? "–" : `${x.toFixed(0)} ms`);
  const line = (what: string, c: Cadence) =>
    `  ${what.padEnd(34)} ${String(c.updates).padStart(4)} updates; gap p50 ${ms(c.gapP50Ms)}, p95 ${ms(c.gapP95Ms)}, max ${ms(c.gapMaxMs)}; ${c.secondsWithoutUpdate} of ${r.measureSeconds} s without one`;
  return [
    "",
    "COSMO live view of a localhost run (figures, not assertions)",
    "",
    `  ${r.measureSeconds} s of a run at ${r.rate.toLocaleString("en-US")} records/s, ${r.windowsShown} windows shown`,
    line("windows count", r.windows),
    line("view (windows + pipeline strip)", r.view),
    `  window stored -> shown in the browser p50 ${ms(r.storedToShown.p50Ms)}, p95 ${ms(r.storedToShown.p95Ms)}, max ${ms(r.storedToShown.maxMs)}  (${r.storedToShown.windows} windows)`,
    `  machine load average (1 min) ${r.loadAverage.start.toFixed(1)} at the start, ${r.loadAverage.end.toFixed(1)} at the end, on ${os.cpus().length} cores`,
    "",
    "  how:",
    "    the localhost preset's init and run routines (generated data, one object), as a team starts a run; chromium on the",
    `    run's page; a MutationObserver records each change of the windows count and of the pipeline strip's figures after`,
    `    ${WARM_UP_SECONDS} s of warm-up; stored = the window row's received_at (PostgreSQL's clock, the same machine's); then the halt routine`,
    "",
  ].join("\n");
}
