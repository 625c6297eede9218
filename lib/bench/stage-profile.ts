import { httpJson } from "@/lib/runtime/process";

/** The fields of the driver's /api/v1/applications/<app>/stages that the profile reads. */
interface StageRow {
  stageId: number;
  attemptId: number;
  numTasks: number;
  /** ms, summed over the stage's tasks: wall time in the executors, Python included. */
  executorRunTime: number;
  /** ns: the executor JVM threads' CPU only (the Python workers are other processes). */
  executorCpuTime: number;
  jvmGcTime: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
}

export interface StageKindProfile {
  kind: string;
  stages: number;
  tasks: number;
  /** Task wall time in the executors per million records. */
  runSecondsPerMillion: number;
  /** Of which the executor JVM's CPU (reading Kafka, Arrow, the shuffle, RocksDB); the rest is mostly Python. */
  jvmCpuSecondsPerMillion: number;
  gcSecondsPerMillion: number;
  shuffleMegabytesPerMillion: number;
}

/**
 * Each micro-batch runs two stages: the Kafka read, parse and packing by
 * window (it writes the shuffle), then the state store and the windows'
 * statistics (it reads it). Other stages (the flush, a results write) are few.
 */
const kindOf = (s: StageRow) =>
  s.shuffleWriteBytes > 0 ? "read Kafka, parse, pack by window" : s.shuffleReadBytes > 0 ? "state store, window statistics" : "other (flush, results write)";

/** Where the job's driver serves its UI, from the line stats_job.py prints at start. */
export function sparkUiUrl(jobOutput: string): string | null {
  const port = /cosmo-stats: Spark UI at http:\/\/[^:\s]+:(\d+)/.exec(jobOutput)?.[1];
  // The driver binds SPARK_LOCAL_IP, this machine's loopback address; the printed host name may resolve elsewhere.
  return port ? `http://127.0.0.1:${port}` : null;
}

export async function completedStages(uiUrl: string, appId: string): Promise<StageRow[]> {
  return httpJson<StageRow[]>(`${uiUrl}/api/v1/applications/${appId}/stages?status=complete`, 10_000);
}

/** The stages that completed between two readings, by kind, per million records processed in between. */
export function stageProfile(before: StageRow[], after: StageRow[], records: number): StageKindProfile[] {
  const seen = new Set(before.map((s) => `${s.stageId}.${s.attemptId}`));
  const perMillion = (x: number) => (records > 0 ? (x * 1e6) / records : 0);
  const kinds = new Map<string, StageRow[]>();
  for (const s of after) {
    if (seen.has(`${s.stageId}.${s.attemptId}`)) continue;
    kinds.set(kindOf(s), [...(kinds.get(kindOf(s)) ?? []), s]);
  }
  return [...kinds.entries()].map(([kind, rows]) => {
    const sum = (f: (s: StageRow) => number) => rows.reduce((t, s) => t + f(s), 0);
    return {
      kind,
      stages: rows.length,
      tasks: sum((s) => s.numTasks),
      runSecondsPerMillion: perMillion(sum((s) => s.executorRunTime) / 1000),
      jvmCpuSecondsPerMillion: perMillion(sum((s) => s.executorCpuTime) / 1e9),
      gcSecondsPerMillion: perMillion(sum((s) => s.jvmGcTime) / 1000),
      shuffleMegabytesPerMillion: perMillion(sum((s) => s.shuffleWriteBytes) / 1e6),
    };
  });
}
