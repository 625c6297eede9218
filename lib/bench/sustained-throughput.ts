import { setTimeout as sleep } from "node:timers/promises";
import type { BenchData } from "@/lib/bench/bench-data";
import { type JobCpu, jobCpu, sampleJobCpu, sparkAppId } from "@/lib/bench/job-cpu";
import { startPipeline, type SparkSettings } from "@/lib/bench/pipeline";
import { PipelineSampler, type PipelineSample } from "@/lib/bench/pipeline-sampler";
import { completedStages, sparkUiUrl, stageProfile, type StageKindProfile } from "@/lib/bench/stage-profile";
import { slope } from "@/lib/bench/stats";
import type { Progress } from "@/lib/runtime/service";

const SAMPLE_MS = 2000;

export interface SustainedThroughput {
  settings: SparkSettings;
  /** Seconds the buffer took to put the whole input into Kafka. */
  bufferSeconds: number | null;
  /** The steady phase, seconds from the buffer's start. */
  steadyFromS: number;
  steadyToS: number;
  /** Records stored in PostgreSQL per second over the steady phase (least-squares slope). */
  recordsPerSecond: number;
  maxLagRecords: number;
  /** Slope of the Spark job's Kafka lag over the steady phase, records/s; negative: draining. */
  lagSlopePerSecond: number;
  /** The job's CPU over the steady phase: driver, executors, per million records stored. */
  cpu: JobCpu;
  /** The executors' task time over the steady phase by stage kind (empty when the driver's UI could not be read). */
  stages: StageKindProfile[];
  samples: PipelineSample[];
}

/**
 * End to end at rate 0: the buffer puts a large input into Kafka as fast as
 * it can, far faster than Spark processes it, so the job works through a
 * backlog in full micro-batches and what reaches PostgreSQL per second is
 * the pipeline's capacity. The steady phase starts once the first windows
 * are stored (after the JIT-heavy first batches) and lasts `steadySeconds`
 * or until the input is nearly done.
 */
export async function measureSustainedThroughput(data: BenchData, settings: SparkSettings, steadySeconds: number, progress: Progress): Promise<SustainedThroughput> {
  const pipeline = await startPipeline("sustained, rate 0", data.bucket, data.prefix, settings);
  try {
    progress(`spark: waiting for the first micro-batch (job ${pipeline.run.runId})`);
    await pipeline.ready();
    const sampler = await PipelineSampler.open(pipeline);
    try {
      const buffer = pipeline.startBuffer(0);
      let bufferSeconds: number | null = null;
      const t0 = performance.now();
      void buffer.exited.then(() => (bufferSeconds = (performance.now() - t0) / 1000));
      progress(`buffer at rate 0 over ${data.records.toLocaleString("en-US")} records; waiting for the first stored windows`);
      let sample = await sampler.sample();
      while (sample.storedRecords === 0) {
        if (sample.t > 240) throw new Error(`no window stored after 240 s:\n${pipeline.spark.output().slice(-3000)}`);
        await sleep(SAMPLE_MS);
        sample = await sampler.sample();
      }
      const from = sample.t;
      const appId = await sparkAppId(pipeline.run.runId);
      const cpuFrom = sampleJobCpu(pipeline.spark.child.pid!, appId);
      const ui = sparkUiUrl(pipeline.spark.output());
      const stagesFrom = ui ? await completedStages(ui, appId) : [];
      const storedFrom = sample.storedRecords;
      progress(`steady phase: ${steadySeconds} s from ${from.toFixed(0)} s`);
      while (sample.t < from + steadySeconds && sample.storedRecords < 0.98 * data.records) {
        await sleep(SAMPLE_MS);
        sample = await sampler.sample();
        progress(`  ${sample.t.toFixed(0)} s: ${sample.storedRecords.toLocaleString("en-US")} stored, Spark lag ~${sample.sparkLagRecords.toLocaleString("en-US")} records`);
      }
      const cpu = jobCpu(cpuFrom, sampleJobCpu(pipeline.spark.child.pid!, appId), sample.storedRecords - storedFrom);
      progress(
        `  job CPU over ${(sample.storedRecords - storedFrom).toLocaleString("en-US")} records: driver ${cpu.driverSeconds.toFixed(1)} s, ` +
          `executors ${cpu.executorSeconds.toFixed(1)} s; driver ${(100 * cpu.driverShare).toFixed(1)} % of the job's CPU`,
      );
      // A profile is an explanation, not a figure the bench needs: without the UI the report says so.
      const stages = ui ? stageProfile(stagesFrom, await completedStages(ui, appId), sample.storedRecords - storedFrom) : [];
      const steady = sampler.samples.filter((s) => s.t >= from);
      return {
        settings,
        bufferSeconds,
        steadyFromS: from,
        steadyToS: sample.t,
        recordsPerSecond: slope(steady.map((s) => ({ x: s.t, y: s.storedRecords }))),
        maxLagRecords: Math.max(...sampler.samples.map((s) => s.sparkLagRecords)),
        lagSlopePerSecond: slope(steady.map((s) => ({ x: s.t, y: s.sparkLagRecords }))),
        cpu,
        stages,
        samples: sampler.samples,
      };
    } finally {
      await sampler.close();
    }
  } finally {
    await pipeline.stop();
  }
}
