import { type ProcessRow as Proc, processTable } from "@/lib/bench/proc-table";
import { httpJson } from "@/lib/runtime/process";
import { sparkMasterUiUrl } from "@/lib/runtime/services/spark";

/** The processes of `roots` and all their descendants. */
function withDescendants(all: Proc[], roots: Proc[]): Proc[] {
  const found = new Map(roots.map((p) => [p.pid, p]));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!found.has(p.pid) && found.has(p.ppid)) {
        found.set(p.pid, p);
        grew = true;
      }
    }
  }
  return [...found.values()];
}

export interface JobCpuSample {
  /** The driver: spark-submit's process group (its JVM and the job's Python). */
  driverSeconds: number;
  /** The application's executor JVMs and their Python workers. */
  executorSeconds: number;
}

/** CPU seconds so far of a Spark job's driver (process group `driverGroup`) and of the executors of application `appId`. */
export function sampleJobCpu(driverGroup: number, appId: string): JobCpuSample {
  const all = processTable();
  const sum = (ps: Proc[]) => ps.reduce((t, p) => t + p.cpuSeconds, 0);
  const executors = all.filter((p) => p.command.includes("CoarseGrainedExecutorBackend") && p.command.includes(appId));
  return { driverSeconds: sum(all.filter((p) => p.pgrp === driverGroup)), executorSeconds: sum(withDescendants(all, executors)) };
}

export interface JobCpu {
  records: number;
  driverSeconds: number;
  executorSeconds: number;
  driverPerMillion: number;
  executorsPerMillion: number;
  /** The driver's part of the job's CPU. */
  driverShare: number;
}

/** CPU between two samples, per million records processed in between. */
export function jobCpu(from: JobCpuSample, to: JobCpuSample, records: number): JobCpu {
  const driverSeconds = to.driverSeconds - from.driverSeconds;
  const executorSeconds = to.executorSeconds - from.executorSeconds;
  const perMillion = (x: number) => (records > 0 ? (x * 1e6) / records : 0);
  return {
    records,
    driverSeconds,
    executorSeconds,
    driverPerMillion: perMillion(driverSeconds),
    executorsPerMillion: perMillion(executorSeconds),
    driverShare: driverSeconds / Math.max(1e-9, driverSeconds + executorSeconds),
  };
}

/** The id of the statistics job of `runId` on the standalone master (the name stats_job.py gives its session). */
export async function sparkAppId(runId: string): Promise<string> {
  const { activeapps } = await httpJson<{ activeapps: { id: string; name: string }[] }>(`${sparkMasterUiUrl()}/json`);
  const app = activeapps.find((a) => a.name === `cosmo-stats ${runId}`);
  if (!app) throw new Error(`the master runs no application cosmo-stats ${runId}`);
  return app.id;
}
