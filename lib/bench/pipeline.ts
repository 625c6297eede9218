import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { createBenchRun, type BenchRun } from "@/lib/bench/bench-run";
import { track } from "@/lib/bench/processes";
import { readSparkProgress } from "@/lib/bench/spark-progress";
import { deleteTopics, ensureTopics } from "@/lib/kafka/topics";
import { spawnWorker, type WorkerProcess } from "@/lib/pipeline/worker-process";
import { homeDir } from "@/lib/runtime/paths";
import { sparkMasterUrl } from "@/lib/runtime/services/spark";
import { startStatsStream, type StatsStreamProcess } from "@/lib/spark/stats-job";

/** The Spark job's knobs that the bench tunes and reports. */
export interface SparkSettings {
  triggerMs: number;
  /** Kafka offsets per micro-batch at most (messages and transaction markers alike). */
  maxOffsetsPerTrigger?: number;
  /** Extra Spark configuration: the cores the job gets. */
  conf?: Record<string, string>;
}

export interface BenchPipeline {
  run: BenchRun;
  resultsTopic: string;
  spark: StatsStreamProcess;
  /** JSON lines of the Spark query's progress, one per micro-batch. */
  progressLog: string;
  /** Resolves once the query finished its first micro-batch: the cluster's start-up stays out of what follows. */
  ready(timeoutMs?: number): Promise<void>;
  /**
   * Throws when a process of the pipeline has died (a buffer that finished
   * its input excepted): a measurement waiting on a dead process would only
   * time out, and blame the wrong one.
   */
  assertAlive(): void;
  startBuffer(rate: number): WorkerProcess;
  stop(): Promise<void>;
}

const exitCode = (worker: WorkerProcess): Promise<number | string> => worker.exited.then(({ code, signal }) => code ?? signal ?? "unknown");

/**
 * The whole data plane for one run, as the product runs it: the results
 * consumer and buffer as worker processes, the statistics job on the
 * standalone Spark cluster. The buffer starts later, on demand.
 */
export async function startPipeline(name: string, bucket: string, prefix: string, settings: SparkSettings): Promise<BenchPipeline> {
  const run = await createBenchRun(name, bucket, prefix);
  const resultsTopic = `cosmo-results-bench-${run.runId}`;
  await ensureTopics([{ name: resultsTopic, partitions: 1, retentionMs: 3_600_000 }]);
  const progressLog = homeDir("bench", `spark-progress-${run.runId}.jsonl`);
  fs.mkdirSync(homeDir("bench"), { recursive: true });
  const stops: (() => void)[] = [];
  let stopping = false;
  let death: Error | undefined;
  const watch = (name: string, exited: Promise<number | string>, output: () => string, finishes = false) =>
    void exited.then((code) => {
      if (stopping || (finishes && code === 0)) return;
      death ??= new Error(`the ${name} exited with ${code} during the measurement:\n${output().slice(-3000)}`);
    });
  const consumer = spawnWorker("consumer", ["--topic", resultsTopic, "--group-id", `cosmo-bench-${run.runId}`]);
  stops.push(track(() => consumer.signal("SIGKILL")));
  watch("results consumer", exitCode(consumer), consumer.output);
  const spark = await startStatsStream({
    runId: run.runId,
    hitsTopic: run.hitsTopic,
    resultsTopic,
    master: sparkMasterUrl(),
    progressLog,
    ...settings,
  });
  stops.push(track(() => spark.kill("SIGKILL")));
  watch("Spark job", spark.exited, spark.output);
  return {
    run,
    resultsTopic,
    spark,
    progressLog,
    async ready(timeoutMs = 240_000) {
      let exited: number | string | undefined;
      void spark.exited.then((code) => (exited = code));
      const deadline = Date.now() + timeoutMs;
      while (readSparkProgress(progressLog).length === 0) {
        if (exited !== undefined || Date.now() > deadline) {
          const why = exited !== undefined ? `exited with ${exited}` : `ran no batch in ${timeoutMs / 1000} s`;
          throw new Error(`the Spark job ${why}:\n${spark.output().slice(-3000)}`);
        }
        await sleep(500);
      }
    },
    assertAlive() {
      if (death) throw death;
    },
    startBuffer(rate) {
      const args = ["--run-id", run.runId, "--bucket", bucket, "--prefix", prefix, "--topic", run.hitsTopic, "--rate", String(rate)];
      const buffer = spawnWorker("buffer", args);
      stops.push(track(() => buffer.signal("SIGKILL")));
      watch("buffer", exitCode(buffer), buffer.output, true);
      return buffer;
    },
    async stop() {
      stopping = true;
      for (const stop of stops.reverse()) stop();
      // The next measurement should not share the broker with these topics' segments.
      await deleteTopics([run.hitsTopic, resultsTopic]).catch(() => {});
    },
  };
}
