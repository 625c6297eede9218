import { writeBenchData, type BenchData } from "@/lib/bench/bench-data";
import { measureBufferThroughput, type BufferThroughput } from "@/lib/bench/buffer-throughput";
import { LoadWatch, type MachineLoad } from "@/lib/bench/machine-load";
import { measurePacedRun, type PacedRun } from "@/lib/bench/paced-run";
import { measurePerRecordProducer, type PerRecordThroughput } from "@/lib/bench/per-record-producer";
import type { SparkSettings } from "@/lib/bench/pipeline";
import { measureSustainedThroughput, type SustainedThroughput } from "@/lib/bench/sustained-throughput";
import type { Progress } from "@/lib/runtime/service";

/**
 * Sixteen real-sized objects (21M records, 540 MB): more than the rate-0 run
 * gets through in its steady minute and than the rate steps replay. On an
 * idle machine the job drains 160,000 records/s, and steps of 25 s from
 * 110,000/s upwards replay 14M before the lag grows; 2 objects (the former
 * `spark` size) ran out during the first step.
 */
const OBJECTS = 16;
/** Repetitions of the buffer alone, a matter of seconds each: the median is reported. */
const BUFFER_REPEATS = 3;
/** The per-record producer over the whole first object would take ~20 s; a sixth of it shows the same rate. */
const PER_RECORD_RECORDS = 200_000;
const STEADY_SECONDS = 60;
const LATENCY_SECONDS = 120;
const STEP_SECONDS = 25;
/** The one-core paced run is there for its flat-lag rate; a short latency phase keeps the bench shorter. */
const ONE_CORE_LATENCY_SECONDS = 15;
/**
 * A trigger interval as in the tests (200 ms) keeps latency low when paced;
 * behind a backlog, micro-batches run back to back whatever it is. Each batch
 * pays a fixed cost of a few hundred ms, so bigger batches are cheaper per
 * record (20 offsets gave ~12 % fewer records/s than 60 at rate 0); both caps come to
 * about half a million records a batch: a full-speed message holds ~10,000
 * records, a paced one a tenth of a second of input plus a commit marker.
 */
// The caps are per partition (the job reads each as a source of its own): the hits topic has two.
export const SUSTAINED_SPARK: SparkSettings = { triggerMs: 200, maxOffsetsPerTrigger: 30 };
export const PACED_SPARK: SparkSettings = { triggerMs: 200, maxOffsetsPerTrigger: 100 };
/** The same job on one executor core of the worker's two: how the job scales with cores. */
const ONE_CORE: Record<string, string> = { "spark.cores.max": "1", "spark.executor.cores": "1" };

/** How much of the bench to run: the whole (`npm run bench`) or its Spark part on less data (`npm run bench -- spark`). */
export interface BenchScale {
  objects: number;
  bufferRepeats: number;
  steadySeconds: number;
  latencySeconds: number;
}
export const FULL_BENCH: BenchScale = { objects: OBJECTS, bufferRepeats: BUFFER_REPEATS, steadySeconds: STEADY_SECONDS, latencySeconds: LATENCY_SECONDS };
export const SPARK_BENCH: BenchScale = { objects: 12, bufferRepeats: 1, steadySeconds: 40, latencySeconds: 45 };

export interface BenchResults {
  data: Omit<BenchData, "bucket">;
  buffer: BufferThroughput & { repeats: BufferThroughput[] };
  perRecord: PerRecordThroughput;
  sustained: SustainedThroughput;
  /** The same on one executor core. */
  oneCore: SustainedThroughput;
  paced: PacedRun;
  /** The same on one executor core: the flat-lag rate for the efficiency of the second core. */
  pacedOneCore: PacedRun;
  machine: MachineLoad;
}

/** Runs every measurement in turn, on services already up; nothing else should load the machine meanwhile. */
export async function runBench(progress: Progress, scale: BenchScale = FULL_BENCH): Promise<BenchResults> {
  const load = new LoadWatch();
  progress(`generating ${scale.objects} objects of realistic data into S3`);
  const data = await writeBenchData(scale.objects, progress);

  progress("1. buffer alone");
  const repeats: BufferThroughput[] = [];
  for (let i = 0; i < scale.bufferRepeats; i++) repeats.push(await measureBufferThroughput(data, progress));
  const median = [...repeats].sort((a, b) => a.recordsPerSecond - b.recordsPerSecond)[Math.floor(scale.bufferRepeats / 2)]!;

  progress("2. the original's producer: one Kafka message per record");
  const perRecord = await measurePerRecordProducer(data, PER_RECORD_RECORDS, progress);

  progress("3. end to end at rate 0");
  const sustained = await measureSustainedThroughput(data, SUSTAINED_SPARK, scale.steadySeconds, progress);
  progress("3b. end to end at rate 0, one executor core");
  const oneCore = await measureSustainedThroughput(data, { ...SUSTAINED_SPARK, conf: ONE_CORE }, scale.steadySeconds, progress);

  progress("4. paced: 1,000 records/s, then rate steps");
  const paced = await measurePacedRun(data, PACED_SPARK, sustained.recordsPerSecond, { latencySeconds: scale.latencySeconds, stepSeconds: STEP_SECONDS }, progress);

  progress("4b. paced on one executor core: rate steps");
  const pacedOneCore = await measurePacedRun(
    data,
    { ...PACED_SPARK, conf: ONE_CORE },
    oneCore.recordsPerSecond,
    { latencySeconds: ONE_CORE_LATENCY_SECONDS, stepSeconds: STEP_SECONDS },
    progress,
  );

  const { bucket: _bucket, ...dataSummary } = data;
  return { data: dataSummary, buffer: { ...median, repeats }, perRecord, sustained, oneCore, paced, pacedOneCore, machine: load.stop() };
}
