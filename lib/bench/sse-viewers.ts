import http from "node:http";
import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { benchAuthHeader, openRunPage } from "@/lib/bench/bench-access";
import { percentile, spreadMs } from "@/lib/bench/stats";
import { writeResults } from "@/lib/consumer/write-results";
import { db } from "@/lib/db";
import { defaultDetectorConfig as detector } from "@/lib/detector/config";
import { env } from "@/lib/env";
import { generatedWindows } from "@/lib/generator/generated-windows";
import { SseParser } from "@/lib/live/sse-parser";
import type { WindowResult } from "@/lib/results/schema";
import { createRun } from "@/lib/runs/create-run";
import type { Progress } from "@/lib/runtime/service";
import { launchChromium } from "@/lib/runtime/chromium";
import { webUrl } from "@/lib/runtime/services/web";

/** Viewer counts tried in turn, until one misses the bound. */
const LEVELS = [50, 100, 250, 500, 1000, 2000, 4000];
const WINDOWS_PER_LEVEL = 10;
const BOUND_MS = 100;
/** Levels go on past the bound while every window still arrives within this, to show the curve. */
const GIVE_UP_MS = 1000;
/** A window not received this long after it was stored counts as missed. */
const MISS_MS = 2000;
/** Recorded windows when the browser opens the run: ten minutes of detector time. */
const BACKLOG_WINDOWS = 600;
const DRAW_UPDATES = 20;

export interface ViewerLevel {
  viewers: number;
  windows: number;
  /** Per delivery (viewer x window), ms from storing the window to the viewer holding its event. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  missed: number;
  /** The database write alone (upsert + NOTIFY + commit), p50: part of every latency. */
  writeP50Ms: number;
  ok: boolean;
}

export interface SseViewersResult {
  levels: ViewerLevel[];
  /** The most viewers that got every window within BOUND_MS; null when even the first level did not. */
  maxViewers: number | null;
  draw: { backlogWindows: number; backlogDrawMs: number; updates: number; p50Ms: number; p95Ms: number; maxMs: number };
  /** The machine's 1-minute load average at the start and the end: other work on its 2 cores shows in every figure. */
  loadAverage: { start: number; end: number };
}

/** Window number n with the statistics of a generated window: any number of realistic windows. */
function windowNumbered(source: WindowResult[], n: number): WindowResult {
  const src = source[n % source.length]!;
  const shift = (n - src.window) * src.orbitsPerWindow;
  return { ...src, window: n, firstOrbit: src.firstOrbit + shift, lastOrbit: src.lastOrbit + shift };
}

/** A viewer: a plain HTTP event-stream reader noting when each window id arrives. */
class Viewer {
  readonly arrivals = new Map<number, number>();
  caughtUp = false;
  private readonly request: http.ClientRequest;

  constructor(runId: string, after: number, agent: http.Agent, auth: { authorization: string }) {
    const parser = new SseParser((e) => {
      if (e.event === "window" && e.id !== undefined) this.arrivals.set(Number(e.id), performance.now());
      else if (e.event === "caught-up") this.caughtUp = true;
    });
    this.request = http.get(`${webUrl()}/api/runs/${runId}/events`, { agent, headers: { ...auth, "last-event-id": String(after) } }, (res) => {
      res.setEncoding("utf8");
      res.on("data", (t: string) => parser.push(t));
      res.on("error", () => {});
    });
    this.request.on("error", () => {});
  }

  close(): void {
    this.request.destroy();
  }
}

async function waitFor(ok: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

class WindowWriter {
  next: number;

  constructor(
    private readonly source: WindowResult[],
    private readonly runId: string,
  ) {
    this.next = source[0]!.window;
  }

  /** Stores the next window as the results consumer does (upsert + NOTIFY); returns its number and when the write began. */
  async writeOne(): Promise<{ window: number; at: number; writeMs: number }> {
    const w = { ...windowNumbered(this.source, this.next), runId: this.runId };
    const at = performance.now();
    await writeResults({ windows: [w], unwindowed: [], skipped: 0 });
    return { window: this.next++, at, writeMs: performance.now() - at };
  }

  async writeMany(count: number): Promise<void> {
    for (let i = 0; i < count; i += 200) {
      const batch = Array.from({ length: Math.min(200, count - i) }, (_, j) => ({ ...windowNumbered(this.source, this.next + j), runId: this.runId }));
      await writeResults({ windows: batch, unwindowed: [], skipped: 0 });
      this.next += batch.length;
    }
  }
}

async function measureLevel(runId: string, writer: WindowWriter, viewers: number, progress: Progress): Promise<ViewerLevel> {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const after = writer.next - 1;
  const auth = await benchAuthHeader();
  const open = Array.from({ length: viewers }, () => new Viewer(runId, after, agent, auth));
  try {
    if (!(await waitFor(() => open.every((v) => v.caughtUp), 120_000))) throw new Error(`${viewers} viewers did not all connect`);
    const written: { window: number; at: number; writeMs: number }[] = [];
    for (let i = 0; i < WINDOWS_PER_LEVEL; i++) {
      const t0 = performance.now();
      written.push(await writer.writeOne());
      await sleep(Math.max(0, 1000 - (performance.now() - t0)));
    }
    await waitFor(() => open.every((v) => written.every((w) => v.arrivals.has(w.window))), MISS_MS);
    const latencies: number[] = [];
    let missed = 0;
    for (const v of open) {
      for (const w of written) {
        const got = v.arrivals.get(w.window);
        if (got === undefined) missed++;
        else latencies.push(got - w.at);
      }
    }
    const { p50Ms, p95Ms, maxMs } = spreadMs(latencies);
    const writeP50Ms = percentile(written.map((w) => w.writeMs), 50);
    const level = { viewers, windows: written.length, p50Ms, p95Ms, maxMs, missed, writeP50Ms, ok: missed === 0 && maxMs <= BOUND_MS };
    progress(`  ${viewers} viewers: p50 ${p50Ms.toFixed(1)} ms, p95 ${p95Ms.toFixed(1)} ms, max ${maxMs.toFixed(1)} ms, missed ${missed} (write p50 ${writeP50Ms.toFixed(1)} ms)`);
    return level;
  } finally {
    for (const v of open) v.close();
    agent.destroy();
    // Let the server see the viewers leave before the next level connects.
    await sleep(1000);
  }
}

/** The browser's work per window update on a run page with a realistic backlog (Playwright reads the page's performance measures). */
async function measureDraw(runId: string, writer: WindowWriter, progress: Progress): Promise<SseViewersResult["draw"]> {
  const stored = await db.runWindow.count({ where: { runId } });
  if (stored < BACKLOG_WINDOWS) await writer.writeMany(BACKLOG_WINDOWS - stored);
  const browser = await launchChromium();
  try {
    const page = await openRunPage(browser, runId);
    await page.getByTestId("dashboard").waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => performance.getEntriesByName("cosmo-draw").length > 0, undefined, { timeout: 60_000 });
    const backlogDrawMs = await page.evaluate(() => performance.getEntriesByName("cosmo-draw").at(-1)!.duration);
    await page.evaluate(() => performance.clearMeasures("cosmo-draw"));
    for (let i = 0; i < DRAW_UPDATES; i++) {
      const t0 = performance.now();
      await writer.writeOne();
      await sleep(Math.max(0, 1000 - (performance.now() - t0)));
    }
    await page.waitForFunction((n) => performance.getEntriesByName("cosmo-draw").length >= n, DRAW_UPDATES, { timeout: 30_000 });
    const durations = await page.evaluate(() => performance.getEntriesByName("cosmo-draw").map((e) => e.duration));
    progress(`  browser: ${durations.length} updates drawn, backlog of ${BACKLOG_WINDOWS} windows drawn in ${backlogDrawMs.toFixed(1)} ms`);
    return { backlogWindows: BACKLOG_WINDOWS, backlogDrawMs, updates: durations.length, ...spreadMs(durations) };
  } finally {
    await browser.close();
  }
}

/** How many live viewers one server process serves at 1 window/s within 100 ms each, and what one update costs a browser. */
export async function measureSseViewers(progress: Progress): Promise<SseViewersResult> {
  const loadStart = os.loadavg()[0]!;
  const run = await createRun({ name: "bench: SSE viewers", source: { bucket: env.S3_BUCKET, prefix: "bench-sse/" } });
  await db.run.update({ where: { id: run.id }, data: { status: "running", startedAt: new Date() } });
  progress("generating 120 s of detector data for realistic windows");
  const source = generatedWindows(detector, { seed: 3 }, 120, run.id).slice(1, -1);
  const writer = new WindowWriter(source, run.id);
  await writer.writeMany(60);

  const levels: ViewerLevel[] = [];
  for (const viewers of LEVELS) {
    progress(`${viewers} concurrent viewers at 1 window/s`);
    const level = await measureLevel(run.id, writer, viewers, progress).catch((error: unknown) => {
      progress(`  ${error instanceof Error ? error.message : String(error)}`);
      return { viewers, windows: 0, p50Ms: Number.NaN, p95Ms: Number.NaN, maxMs: Number.NaN, missed: viewers * WINDOWS_PER_LEVEL, writeP50Ms: Number.NaN, ok: false };
    });
    levels.push(level);
    if (level.missed > 0 || !(level.maxMs <= GIVE_UP_MS)) break;
  }
  const passed = levels.filter((l) => l.ok);
  progress("browser draw time per window update");
  const draw = await measureDraw(run.id, writer, progress);
  return { levels, maxViewers: passed.length ? passed.at(-1)!.viewers : null, draw, loadAverage: { start: loadStart, end: os.loadavg()[0]! } };
}

export function formatSseReport(r: SseViewersResult): string {
  const ms = (x: number) => (Number.isNaN(x) ? "–" : `${x.toFixed(1)} ms`);
  const lines = r.levels.map(
    (l) =>
      `    ${String(l.viewers).padStart(5)} viewers  p50 ${ms(l.p50Ms).padStart(9)}  p95 ${ms(l.p95Ms).padStart(9)}  max ${ms(l.maxMs).padStart(9)}  ` +
      `missed ${l.missed}  (db write p50 ${ms(l.writeP50Ms)})  ${l.ok ? "ok" : "over"}`,
  );
  const firstOver = r.levels.find((l) => !l.ok);
  const tried = firstOver ? `; ${firstOver.viewers} missed it` : "; the highest level tried";
  return [
    "",
    "COSMO live view bench (figures, not assertions)",
    "",
    `  SSE viewers held by one server process at 1 window/s, every window to all within ${BOUND_MS} ms: ${r.maxViewers ?? "none"}${tried}`,
    ...lines,
    `  browser draw time per window update (${r.draw.updates} updates, ${r.draw.backlogWindows}+ windows held): p50 ${ms(r.draw.p50Ms)}, p95 ${ms(r.draw.p95Ms)}, max ${ms(r.draw.maxMs)}`,
    `  first draw of the ${r.draw.backlogWindows} recorded windows: ${ms(r.draw.backlogDrawMs)}`,
    `  machine load average (1 min) ${r.loadAverage.start.toFixed(1)} at the start, ${r.loadAverage.end.toFixed(1)} at the end, on ${os.cpus().length} cores`,
    "",
    "  how:",
    `    windows stored as the results consumer stores them (upsert + NOTIFY), ${WINDOWS_PER_LEVEL} per level at 1/s; latency from the`,
    `    start of the write to the event fully read by each viewer (plain HTTP clients in the bench process, same machine, ${MISS_MS} ms = missed)`,
    "    draw: Playwright in Debian chromium on the run's live page; per update, React render + every uPlot chart redrawn (performance.measure)",
    "",
  ].join("\n");
}
