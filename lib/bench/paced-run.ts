import { setTimeout as sleep } from "node:timers/promises";
import type { BenchData } from "@/lib/bench/bench-data";
import { batchDurations, type BatchDurations } from "@/lib/bench/batch-durations";
import { findFlatLagRate, stepRates, type FlatLagRate } from "@/lib/bench/flat-lag-rate";
import { startPipeline, type SparkSettings } from "@/lib/bench/pipeline";
import { PipelineSampler } from "@/lib/bench/pipeline-sampler";
import { readSparkProgress } from "@/lib/bench/spark-progress";
import { WindowArrivals } from "@/lib/bench/window-arrivals";
import { WindowEntryTimes } from "@/lib/bench/window-entry-times";
import { windowLatency, type WindowLatency } from "@/lib/bench/window-latency";
import { defaultDetectorConfig } from "@/lib/detector/config";
import type { Progress } from "@/lib/runtime/service";

/** About the real detector's own rate: the generated data then replays in real time. */
export const LATENCY_RATE = 1000;
/**
 * The job's first micro-batches with data are slow (Python workers start,
 * the JVM compiles), and it then works off what piled up meanwhile. It has
 * caught up once its lag stays below two seconds of input for three samples.
 */
const CAUGHT_UP_LAG_S = 2;
const CAUGHT_UP_SAMPLES = 3;
/** Lets the bench's reader of the hits topic catch up before it stops. */
const READER_GRACE_MS = 2000;

export interface PacedRun {
  settings: SparkSettings;
  /** From the buffer's start until the job had caught up; left out of the figures. */
  warmUpSeconds: number;
  latencySeconds: number;
  batches: BatchDurations;
  latency: WindowLatency;
  flatLag: FlatLagRate;
}

async function waitCaughtUp(sampler: PipelineSampler, rate: number, timeoutS = 300): Promise<number> {
  const t0 = performance.now();
  for (let streak = 0; streak < CAUGHT_UP_SAMPLES; ) {
    await sleep(1000);
    const s = await sampler.sample();
    streak = s.bufferRecords > 0 && s.sparkLagRecords <= CAUGHT_UP_LAG_S * rate ? streak + 1 : 0;
    if ((performance.now() - t0) / 1000 > timeoutS) {
      // A buffer that never got going leaves Spark with nothing to catch up with.
      if (s.bufferRecords === 0) throw new Error(`the buffer committed no record in ${timeoutS} s`);
      throw new Error(`the Spark job did not catch up with ${rate} records/s in ${timeoutS} s (lag ${s.sparkLagRecords} records)`);
    }
  }
  return (performance.now() - t0) / 1000;
}

/**
 * One run with a paced buffer: at 1,000 records/s for batch durations and
 * window latency, once the job has caught up; then the rate raised step by
 * step to find where the Spark job's lag stops being flat. One Spark job
 * serves both, which saves a cluster start-up (half a minute to a minute on
 * two cores).
 */
export async function measurePacedRun(
  data: BenchData,
  settings: SparkSettings,
  capacity: number,
  opts: { latencySeconds: number; stepSeconds: number },
  progress: Progress,
): Promise<PacedRun> {
  const pipeline = await startPipeline("paced", data.bucket, data.prefix, settings);
  try {
    progress(`spark: waiting for the first micro-batch (job ${pipeline.run.runId})`);
    await pipeline.ready();
    const { runId, hitsTopic } = pipeline.run;
    const sampler = await PipelineSampler.open(pipeline);
    try {
      const entries = await WindowEntryTimes.start(hitsTopic, `cosmo-bench-entry-${runId}`, defaultDetectorConfig);
      const arrivals = await WindowArrivals.start(runId);
      progress(`buffer at ${LATENCY_RATE.toLocaleString("en-US")} records/s; waiting for the job to catch up`);
      const buffer = pipeline.startBuffer(LATENCY_RATE);
      const warmUpSeconds = await waitCaughtUp(sampler, LATENCY_RATE);
      progress(`caught up after ${warmUpSeconds.toFixed(0)} s; measuring for ${opts.latencySeconds} s`);
      const from = Date.now();
      await sleep(opts.latencySeconds * 1000);
      pipeline.assertAlive();
      const to = Date.now();
      await sleep(READER_GRACE_MS);
      await entries.stop();
      await arrivals.stop();
      const batches = batchDurations(readSparkProgress(pipeline.progressLog), from, to);
      const latency = windowLatency(entries.lastEntry, arrivals.firstArrival, from, to);
      progress(`  batches p50 ${batches.p50Ms} ms, p95 ${batches.p95Ms} ms; window latency p50 ${latency.p50S.toFixed(2)} s, p95 ${latency.p95S.toFixed(2)} s`);

      const rates = stepRates(capacity);
      progress(`rate steps of ${opts.stepSeconds} s at ${rates.map((r) => r.toLocaleString("en-US")).join(", ")} records/s, until the lag grows`);
      const flatLag = await findFlatLagRate(pipeline, buffer, sampler, rates, opts.stepSeconds, progress);
      return { settings, warmUpSeconds, latencySeconds: opts.latencySeconds, batches, latency, flatLag };
    } finally {
      await sampler.close();
    }
  } finally {
    await pipeline.stop();
  }
}
