import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { type DetectorConfig, defaultDetectorConfig } from "@/lib/detector/config";
import { repoRoot } from "@/lib/env";
import { CosmoError } from "@/lib/errors";
import { homeDir } from "@/lib/runtime/paths";
import { kafkaBrokers } from "@/lib/runtime/services/kafka";
import { ensureJobPythonLibraries } from "@/lib/runtime/services/spark";
import { runSparkJob, spawnSparkSubmit, type SparkJob, type SparkJobResult, sparkSubmitArgs } from "@/lib/spark/submit";

export const statsJobApp = () => path.join(repoRoot, "workers", "spark", "stats_job.py");

/** Base checkpoint folder; the job keeps each run's under <base>/<runId>. */
export const statsCheckpointBase = () => homeDir("spark", "checkpoints", "stats");

interface CommonOptions {
  runId: string;
  detector?: DetectorConfig;
  /** "local[2]" (default) or a spark:// master URL. */
  master?: string;
  /** Extra Spark configuration. */
  conf?: Record<string, string>;
}

export interface StatsStreamOptions extends CommonOptions {
  mode: "stream";
  hitsTopic: string;
  resultsTopic: string;
  bootstrap?: string;
  /** A local folder or an s3a:// URI; default statsCheckpointBase(). */
  checkpointBase?: string;
  /** Required with an s3a:// checkpoint: where S3 is and its keys (lib/spark/s3a-checkpoint.ts). */
  s3aPropertiesFile?: string;
  triggerMs?: number;
  startingOffsets?: "earliest" | "latest";
  /** Process what the topic holds, close every window, exit. */
  availableNow?: boolean;
  maxOffsetsPerTrigger?: number;
  /** Watermark delay in orbits (job default 1,000). */
  latenessOrbits?: number;
  /** How long closed windows absorb late records, in orbits (job default 10 windows). */
  retentionOrbits?: number;
  /** Flush open windows after this much idle input (job default 3,000 ms; 0 never). */
  idleFlushMs?: number;
  maxSeconds?: number;
  /** Append each micro-batch's progress (JSON lines) here: batch durations for benchmarks. */
  progressLog?: string;
}

export interface StatsBatchOptions extends CommonOptions {
  mode: "batch";
  /** A .txt/.dat file or a folder of them. */
  input: string;
  /** A results topic, or a path ending in .jsonl (or containing "/") for a JSONL file. */
  output: string;
  bootstrap?: string;
}

export type StatsJobOptions = StatsStreamOptions | StatsBatchOptions;

const opt = (flag: string, value: string | number | undefined) => (value === undefined ? [] : [flag, String(value)]);

/** The spark-submit job for the statistics; pass it to sparkSubmitArgs or runSparkJob. */
export function statsJobArgs(o: StatsJobOptions): SparkJob {
  const detector = JSON.stringify(o.detector ?? defaultDetectorConfig);
  const common = ["--mode", o.mode, "--run-id", o.runId, "--config-json", detector];
  const appArgs =
    o.mode === "stream"
      ? [
          ...common,
          "--bootstrap", o.bootstrap ?? kafkaBrokers().join(","),
          "--hits-topic", o.hitsTopic,
          "--results-topic", o.resultsTopic,
          "--checkpoint", o.checkpointBase ?? statsCheckpointBase(),
          "--starting-offsets", o.startingOffsets ?? "earliest",
          ...opt("--trigger-ms", o.triggerMs),
          ...opt("--max-offsets-per-trigger", o.maxOffsetsPerTrigger),
          ...opt("--lateness-orbits", o.latenessOrbits),
          ...opt("--retention-orbits", o.retentionOrbits),
          ...opt("--idle-flush-ms", o.idleFlushMs),
          ...opt("--max-seconds", o.maxSeconds),
          ...opt("--progress-log", o.progressLog),
          ...(o.availableNow ? ["--available-now"] : []),
        ]
      : [...common, "--input", o.input, "--output", o.output, ...opt("--bootstrap", o.bootstrap ?? kafkaBrokers().join(","))];
  return {
    master: o.master ?? "local[2]",
    app: statsJobApp(),
    name: `cosmo-stats-${o.mode}-${o.runId}`,
    appArgs,
    ...(o.mode === "stream" && o.s3aPropertiesFile ? { propertiesFile: o.s3aPropertiesFile } : {}),
    conf: {
      // Arrow turns result rows (pandas) into the DataFrame that a large Kafka write sends.
      "spark.sql.execution.arrow.pyspark.enabled": "true",
      ...o.conf,
    },
  };
}

/** The job's Python libraries come with the Spark install; kept as a name for callers. */
export const ensureStatsJobPython = ensureJobPythonLibraries;

/** Runs the batch statistics to completion (tests, CLI). */
export async function runStatsBatch(o: Omit<StatsBatchOptions, "mode"> & { timeoutMs?: number }): Promise<SparkJobResult> {
  await ensureStatsJobPython();
  return runSparkJob({ ...statsJobArgs({ ...o, mode: "batch" }), timeoutMs: o.timeoutMs ?? 10 * 60_000 });
}

/** Runs the streaming statistics with --available-now to completion (tests). */
export async function runStatsAvailableNow(o: Omit<StatsStreamOptions, "mode" | "availableNow"> & { timeoutMs?: number }): Promise<SparkJobResult> {
  await ensureStatsJobPython();
  return runSparkJob({ ...statsJobArgs({ ...o, mode: "stream", availableNow: true }), timeoutMs: o.timeoutMs ?? 10 * 60_000 });
}

export interface StatsStreamProcess {
  child: ChildProcess;
  /** Everything the job printed so far. */
  output(): string;
  /** Resolves with the exit code (or signal) when the job ends. */
  exited: Promise<number | string>;
  /** Kills the whole process group (the JVM and its Python workers). */
  kill(signal?: NodeJS.Signals): void;
}

/** Starts a streaming job in its own process group and returns at once. */
export async function startStatsStream(o: Omit<StatsStreamOptions, "mode">): Promise<StatsStreamProcess> {
  await ensureStatsJobPython();
  const { command, args, env } = sparkSubmitArgs(statsJobArgs({ ...o, mode: "stream" }));
  const { child, output } = spawnSparkSubmit(command, args, env);
  const exited = new Promise<number | string>((resolve, reject) => {
    child.on("error", (err) => reject(new CosmoError("PREREQUISITE_MISSING", `cannot run spark-submit: ${err.message}`, { cause: err })));
    child.on("close", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
  return {
    child,
    output,
    exited,
    kill(signal = "SIGKILL") {
      try {
        process.kill(-child.pid!, signal);
      } catch {
        /* already gone */
      }
    },
  };
}
