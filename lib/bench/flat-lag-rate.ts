import { setTimeout as sleep } from "node:timers/promises";
import type { BenchPipeline } from "@/lib/bench/pipeline";
import type { PipelineSampler } from "@/lib/bench/pipeline-sampler";
import { readSparkProgress } from "@/lib/bench/spark-progress";
import { slope } from "@/lib/bench/stats";
import { setBufferRate } from "@/lib/buffer/set-buffer-rate";
import type { WorkerProcess } from "@/lib/pipeline/worker-process";
import type { Progress } from "@/lib/runtime/service";

/** The rate the pipeline must sustain end to end on the 2-core machine (the original was meant for 100,000). */
export const TARGET_RATE = 150_000;
/** Lag growing by less than this fraction of the input rate counts as flat: Spark processes at least 95 % of it. */
export const FLAT_FRACTION = 0.05;
const SAMPLE_MS = 1000;
/**
 * Left out of each step's fit: batches planned before the change, and the
 * few in which batch sizes and durations settle on the new rate.
 */
const SETTLE_BATCHES = 2;
/** A step lasts until this many batches were fitted (a lag read per batch), or MAX_STEP_FACTOR times its length. */
const FIT_BATCHES = 6;
const MAX_STEP_FACTOR = 3;

export interface RateStep {
  rate: number;
  /** Length of the fit. */
  seconds: number;
  /** Records/s that reached the topic (the buffer's own count). */
  inputPerSecond: number;
  /** Records/s stored in PostgreSQL. */
  storedPerSecond: number;
  batches: number;
  /** Records waiting in Kafka when a micro-batch started, on average over the step. */
  meanLagRecords: number;
  /** Least-squares slope of that lag over the batches' start times, records/s. */
  lagSlopePerSecond: number;
  flat: boolean;
}

export interface FlatLagRate {
  steps: RateStep[];
  /** The highest rate whose lag stayed flat; null when none did. */
  highestFlatRate: number | null;
}

/**
 * The rates to try, upwards: from 70 % of the capacity measured at rate 0,
 * a fifth higher each step, until past both 1.4 times that capacity and the
 * target (the search stops at the first step whose lag grows). Paced input
 * gives Spark smaller micro-batches than a backlog, each paying the same
 * fixed cost, so the flat limit may lie below that capacity; or above it,
 * the rate-0 run's batches being capped. Going up keeps each step free of an
 * earlier one's backlog until the first that grows.
 */
export function stepRates(capacity: number): number[] {
  const round = (r: number) => Math.max(5000, Math.floor(r / 5000) * 5000);
  const rates = [round(0.7 * capacity)];
  while (rates.at(-1)! <= Math.max(1.4 * capacity, TARGET_RATE)) rates.push(round(Math.max(rates.at(-1)! * 1.2, rates.at(-1)! + 5000)));
  return rates;
}

/**
 * Raises the running buffer's rate step by step (setBufferRate, as an
 * operator would) and fits the Spark job's Kafka lag over each step. The lag
 * is read per micro-batch, at its start (topic offsets available minus
 * offsets already processed, from the query's progress): sampled at the same
 * point of every batch, it lacks the saw-tooth of a lag sampled by the clock.
 */
export async function findFlatLagRate(
  pipeline: BenchPipeline,
  buffer: WorkerProcess,
  sampler: PipelineSampler,
  rates: number[],
  stepSeconds: number,
  progress: Progress,
): Promise<FlatLagRate> {
  let bufferDone = false;
  void buffer.exited.then(() => (bufferDone = true));
  const steps: RateStep[] = [];
  for (const rate of rates) {
    await setBufferRate(pipeline.run.runId, rate);
    const changedAt = Date.now();
    const fitted = () => readSparkProgress(pipeline.progressLog).filter((b) => b.startedAt >= changedAt).slice(SETTLE_BATCHES);
    const start = await sampler.sample();
    let sample = start;
    for (;;) {
      await sleep(SAMPLE_MS);
      sample = await sampler.sample();
      const elapsed = sample.t - start.t;
      if (bufferDone || elapsed >= MAX_STEP_FACTOR * stepSeconds || (elapsed >= stepSeconds && fitted().length >= FIT_BATCHES)) break;
    }
    if (bufferDone) {
      progress(`the buffer ran out of input during the ${rate.toLocaleString("en-US")} records/s step: step not counted`);
      break;
    }
    const batches = fitted();
    const fitFrom = batches[0]?.startedAt ?? sample.at;
    const fit = sampler.samples.filter((s) => s.at >= Math.min(fitFrom, sample.at - 2 * SAMPLE_MS) && s.t <= sample.t);
    const first = fit[0]!;
    // This step's own records per offset: a paced buffer's messages hold a tenth of a second of input.
    const perOffset = (sample.bufferRecords - first.bufferRecords) / Math.max(1, sample.endOffset - first.endOffset);
    const lags = batches.map((b) => ({ x: b.startedAt / 1000, y: (b.latestOffset - b.startOffset) * perOffset }));
    const lagSlope = slope(lags);
    const step: RateStep = {
      rate,
      seconds: sample.t - first.t,
      inputPerSecond: (sample.bufferRecords - first.bufferRecords) / (sample.t - first.t),
      storedPerSecond: slope(fit.map((s) => ({ x: s.t, y: s.storedRecords }))),
      batches: batches.length,
      meanLagRecords: lags.reduce((sum, l) => sum + l.y, 0) / Math.max(1, lags.length),
      lagSlopePerSecond: lagSlope,
      flat: batches.length >= 3 && lagSlope <= FLAT_FRACTION * rate,
    };
    steps.push(step);
    progress(
      `  rate ${rate.toLocaleString("en-US")}: input ${Math.round(step.inputPerSecond).toLocaleString("en-US")}/s, ` +
        `stored ${Math.round(step.storedPerSecond).toLocaleString("en-US")}/s, ${step.batches} batches, ` +
        `lag ~${Math.round(step.meanLagRecords).toLocaleString("en-US")} records, slope ${Math.round(lagSlope).toLocaleString("en-US")}/s -> ${step.flat ? "flat" : "growing"}`,
    );
    if (!step.flat) break;
  }
  const flat = steps.filter((s) => s.flat);
  return { steps, highestFlatRate: flat.length ? flat[flat.length - 1]!.rate : null };
}
