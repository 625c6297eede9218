import os from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { benchAuthHeader } from "@/lib/bench/bench-access";
import { benchRoutine } from "@/lib/bench/bench-routine";
import { daemonMemory, type ProcessMemory } from "@/lib/bench/process-memory";
import { SOAK_BUCKET, SOAK_PREFIX, writeSoakData } from "@/lib/bench/soak-data";
import { SoakViewers, type ExpectedWindows, type ViewersTally } from "@/lib/bench/soak-viewers";
import { getBufferProgress } from "@/lib/buffer/get-buffer-progress";
import { getClusterOrThrow } from "@/lib/clusters/get-cluster-or-throw";
import { localhostPreset } from "@/lib/clusters/presets";
import { db } from "@/lib/db";
import type { Progress } from "@/lib/runtime/service";

/** The issue's target: a hundred times the detector's own rate. */
export const SOAK_RATE = 100_000;
export const SOAK_VIEWERS = 200;
/** Once the input is all sent: how long the job may take to store what it still holds, and the viewers to read it. */
const DRAIN_LIMIT_S = 300;
const VIEWER_GRACE_S = 120;

export interface SoakResult {
  minutes: number;
  rate: number;
  records: number;
  /** From the buffer's first record to its last (seen once a second); records / this = the input rate held. */
  bufferSeconds: number;
  /** From the buffer's end until every window was stored (or the limit). */
  drainSeconds: number;
  windows: { expected: number; stored: number; missing: number; wrongRecords: number; extra: number; lost: number };
  viewers: ViewersTally;
  /** At the buffer's first record, at its last (sampled each second), and once every window was stored and delivered. */
  memory: { start: ProcessMemory[]; inputEnd: ProcessMemory[]; end: ProcessMemory[] };
  loadAverage: { start: number; end: number };
}

async function storedWindows(runId: string): Promise<number> {
  return db.runWindow.count({ where: { runId } });
}

/** Each expected window against the stored row: missing, or with other than the records the data holds. */
async function compareWindows(runId: string, expected: ExpectedWindows): Promise<SoakResult["windows"]> {
  const rows = await db.runWindow.findMany({ where: { runId }, select: { window: true, records: true } });
  const stored = new Map(rows.map((r) => [r.window, r.records]));
  let missing = 0;
  let wrongRecords = 0;
  expected.records.forEach((n, i) => {
    if (n === 0) return;
    const got = stored.get(expected.first + i);
    if (got === undefined) missing++;
    else if (got !== n) wrongRecords++;
  });
  const extra = rows.filter((r) => (expected.records[r.window - expected.first] ?? 0) === 0).length;
  return { expected: expected.windows, stored: rows.length, missing, wrongRecords, extra, lost: missing + wrongRecords };
}

async function waitFor(what: string, ok: () => Promise<boolean>, timeoutS: number, progress: Progress, report: () => Promise<string>): Promise<boolean> {
  const deadline = Date.now() + timeoutS * 1000;
  let lastReport = Date.now();
  while (!(await ok())) {
    if (Date.now() > deadline) {
      progress(`gave up waiting for ${what} after ${timeoutS} s`);
      return false;
    }
    if (Date.now() - lastReport >= 30_000) {
      progress(`  ${await report()}`);
      lastReport = Date.now();
    }
    await sleep(1000);
  }
  return true;
}

/**
 * A localhost run at 100,000 records/s for `minutes`, as a team starts one
 * (the init and run routines: real buffer, Spark job and results consumer),
 * with 200 SSE viewers on its live events from its start to its end. Every
 * daemon's resident memory at the start and the end; every window of the
 * input stored with its records, and delivered to every viewer exactly once.
 */
export async function measureSoak(minutes: number, progress: Progress): Promise<SoakResult> {
  const loadStart = os.loadavg()[0]!;
  const records = Math.round(SOAK_RATE * minutes * 60);
  const { spec } = await getClusterOrThrow(localhostPreset().name);
  progress(`generating ${records.toLocaleString("en-US")} records (${minutes} min at ${SOAK_RATE.toLocaleString("en-US")} records/s) into s3://${SOAK_BUCKET}/${SOAK_PREFIX}`);
  const t0 = performance.now();
  const expected = await writeSoakData(records, spec.detector, progress);
  progress(`  ${expected.windows.toLocaleString("en-US")} windows of data, generated in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  await benchRoutine("init", {}, progress);
  const runId = await benchRoutine("run", { name: `bench: soak ${minutes} min`, bucket: SOAK_BUCKET, prefix: SOAK_PREFIX, rate: SOAK_RATE }, progress);
  if (!runId) throw new Error("the run routine opened no run");
  const viewers = new SoakViewers(runId, SOAK_VIEWERS, expected, await benchAuthHeader());
  try {
    const status = async () => {
      const buffer = await getBufferProgress(runId);
      return `buffer ${buffer.state}, ${buffer.recordsSent.toLocaleString("en-US")} records sent (${Math.round(buffer.currentRate).toLocaleString("en-US")}/s); ${await storedWindows(runId)} of ${expected.windows} windows stored`;
    };
    const sending = async () => (await getBufferProgress(runId)).recordsSent > 0;
    if (!(await waitFor("the buffer's first record", sending, 300, progress, status))) throw new Error(`the buffer sent nothing: ${await status()}`);
    const bufferFrom = performance.now();
    const memoryStart = daemonMemory();
    progress(`the buffer is sending; ${SOAK_VIEWERS} viewers connected; soaking for ${minutes} min`);

    // Sampled while the buffer runs: the last sample is the end of the input, with the buffer still there.
    let memoryInputEnd = memoryStart;
    const bufferDone = async () => {
      if ((await getBufferProgress(runId)).state !== "running") return true;
      memoryInputEnd = daemonMemory();
      return false;
    };
    const sent = await waitFor("the buffer to send the whole input", bufferDone, minutes * 60 * 3 + 120, progress, status);
    const bufferSeconds = (performance.now() - bufferFrom) / 1000;
    const buffer = await getBufferProgress(runId);
    if (!sent || buffer.state !== "completed") throw new Error(`the buffer did not complete: ${await status()}${buffer.error ? `: ${buffer.error}` : ""}`);
    progress(`input sent in ${bufferSeconds.toFixed(0)} s (${Math.round(records / bufferSeconds).toLocaleString("en-US")} records/s); ${await storedWindows(runId)} of ${expected.windows} windows stored by then`);

    const drainFrom = performance.now();
    await waitFor("every window stored", async () => (await storedWindows(runId)) >= expected.windows, DRAIN_LIMIT_S, progress, status);
    const drainSeconds = (performance.now() - drainFrom) / 1000;
    await waitFor("every viewer to have every window", async () => viewers.tally(expected).missing === 0, VIEWER_GRACE_S, progress, async () => `${viewers.tally(expected).missing} deliveries missing`);
    // The end of the soak: everything stored and delivered (or given up on), the viewers still connected.
    const memoryEnd = daemonMemory();
    const tally = viewers.tally(expected);
    viewers.close();
    await benchRoutine("halt", {}, progress);
    const windows = await compareWindows(runId, expected);
    return { minutes, rate: SOAK_RATE, records, bufferSeconds, drainSeconds, windows, viewers: tally, memory: { start: memoryStart, inputEnd: memoryInputEnd, end: memoryEnd }, loadAverage: { start: loadStart, end: os.loadavg()[0]! } };
  } finally {
    viewers.close();
  }
}

export function formatSoakReport(r: SoakResult): string {
  const n = (x: number) => Math.round(x).toLocaleString("en-US");
  const mb = (x: number | undefined) => (x === undefined ? "–" : `${x.toFixed(0)} MB`);
  const samples = [r.memory.start, r.memory.inputEnd, r.memory.end];
  const names = [...new Set(samples.flat().map((m) => m.name))];
  const memory = names.map((name) => {
    const [a, b, c] = samples.map((ms) => ms.find((m) => m.name === name));
    const last = c ?? b;
    const delta = a && last ? `${last.rssMB >= a.rssMB ? "+" : ""}${(last.rssMB - a.rssMB).toFixed(0)} MB` : "";
    return `    ${name.padEnd(48)} ${mb(a?.rssMB).padStart(8)} ${mb(b?.rssMB).padStart(8)} ${mb(c?.rssMB).padStart(8)}  ${delta.padStart(9)}  (${last?.processes ?? a?.processes} process${(last?.processes ?? a?.processes) === 1 ? "" : "es"})`;
  });
  const total = (ms: ProcessMemory[]) => ms.reduce((s, m) => s + m.rssMB, 0);
  const w = r.windows;
  const v = r.viewers;
  const ms = (x: number) => (Number.isNaN(x) ? "–" : `${n(x)} ms`);
  return [
    "",
    `COSMO soak: ${r.minutes} min at ${n(r.rate)} records/s with ${v.viewers} SSE viewers (figures; lost must be 0)`,
    "",
    `  input: ${n(r.records)} records sent in ${r.bufferSeconds.toFixed(0)} s (${n(r.records / r.bufferSeconds)} records/s); the job stored the rest ${r.drainSeconds.toFixed(0)} s after that`,
    `  windows: ${n(w.expected)} expected, ${n(w.stored)} stored; lost ${w.lost} (${w.missing} missing, ${w.wrongRecords} with other records than the input), ${w.extra} not in the input`,
    `  viewers: ${v.complete} of ${v.viewers} got every window exactly once; deliveries missing ${v.missing}, duplicated ${v.duplicates}, streams lost ${v.lost}; ` +
      `${v.updates} re-sent windows, ${v.dropped} slow-viewer drops (caught up from the database)`,
    `  delivery latency (window row stored -> event read by a viewer, ${n(v.latency.deliveries)} deliveries): p50 ${ms(v.latency.p50Ms)}, p95 ${ms(v.latency.p95Ms)}, p99 ${ms(v.latency.p99Ms)}, max ${ms(v.latency.maxMs)}`,
    "",
    "  resident memory (VmRSS of each daemon with its child processes) at the buffer's first record, at its last record, and",
    "  once every window was stored and delivered (end):",
    `    ${"".padEnd(48)} ${["first", "last", "end"].map((h) => h.padStart(8)).join(" ")}  ${"change".padStart(9)}`,
    ...memory,
    `    ${"total".padEnd(48)} ${samples.map((ms) => mb(total(ms)).padStart(8)).join(" ")}`,
    "",
    `  machine load average (1 min) ${r.loadAverage.start.toFixed(1)} at the start, ${r.loadAverage.end.toFixed(1)} at the end, on ${os.cpus().length} cores`,
    "",
    "  how:",
    "    generated data (about 1,000 records per second of detector time, so ~100 windows/s at this rate) counted per window as it",
    "    was written; the localhost preset's init and run routines; the viewers are plain HTTP event-stream readers in the bench",
    "    process, connected from the run's start (recorded windows, then live); lost = expected windows missing or with other",
    "    records; the halt routine at the end",
    "",
  ].join("\n");
}
