import { type ClusterSpec, hostWithRole } from "@/lib/clusters/cluster-spec";
import { lostHosts, probeKafka, probeSparkMaster } from "@/lib/clusters/probe-cluster";
import { getBufferProgress } from "@/lib/buffer/get-buffer-progress";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { cosmoScript } from "@/lib/hosts/cosmo-on-host";
import type { HostExecutor } from "@/lib/hosts/host-executor";
import { readSparkProgress } from "@/lib/results/spark-progress";
import { bufferDaemon, consumerDaemon, daemonAlive, daemonLogTail, sparkAppName, statsJobDaemon } from "@/lib/routines/run-processes";

/** One look at an open run's processes and flows; plain values, so deciding stays a pure function. */
export interface RunObservation {
  at: number;
  /** undefined: not looked at this tick (a remote buffer is asked at a slower cadence). */
  bufferAlive: boolean | undefined;
  driverAlive: boolean;
  consumerAlive: boolean;
  appRunning: boolean;
  kafkaReachable: boolean;
  kafkaError: string | null;
  /** Cluster hosts whose broker or Spark worker is missing: the run goes on without them, degraded. */
  hostsLost: string[];
  buffer: { state: string; recordsSent: number; error: string | null };
  windows: { count: number; latestAt: number | null; records: number };
  progress: { at: number | null; lag: number | null; latencyMs: number | null };
  /** The last meaningful line of each process's log: what a shifter reads first. */
  lastLines: Record<"buffer" | "driver" | "consumer", string | null>;
}

export interface RunToObserve {
  id: string;
  clusterId: string;
  spec: ClusterSpec;
}

/** A remote buffer is asked over SSH no more often than this. */
const REMOTE_BUFFER_EVERY_MS = 10_000;

/** The last error line the process's current incarnation logged (after spawnDaemon's "--- ... starting" header), if any. */
const lastErrorLine = (log: string): string | null => {
  const lines = log.split("\n").map((l) => l.trim()).filter(Boolean);
  const current = lines.slice(lines.findLastIndex((l) => l.startsWith("--- ")) + 1);
  return current.findLast((l) => /error|exception|failed|refused|fatal/i.test(l)) ?? null;
};

/** The buffer's process on its host: its pid file here when the host is this machine and home, else `cosmo worker status` there. */
export class BufferProcessProbe {
  private lastAsked = 0;

  constructor(private readonly executor: (spec: ClusterSpec) => Promise<HostExecutor>) {}

  async alive(run: RunToObserve, now: number): Promise<boolean | undefined> {
    const host = hostWithRole(run.spec, "buffer");
    if (host.local && host.homePath === env.COSMO_HOME) return daemonAlive(bufferDaemon(run.id));
    if (now - this.lastAsked < REMOTE_BUFFER_EVERY_MS) return undefined;
    this.lastAsked = now;
    const executor = await this.executor(run.spec);
    try {
      const status = await executor.exec(cosmoScript(run.spec, host, ["worker", "status", bufferDaemon(run.id)]), { timeoutMs: 30_000 });
      return status.code === 0;
    } finally {
      executor.close();
    }
  }
}

export async function observeRun(run: RunToObserve, bufferProbe: BufferProcessProbe, now = Date.now()): Promise<RunObservation> {
  const [kafka, master, bufferAlive, buffer, windows, row] = await Promise.all([
    probeKafka(run.spec),
    probeSparkMaster(run.spec),
    bufferProbe.alive(run, now).catch(() => undefined),
    getBufferProgress(run.id),
    db.$queryRaw<{ n: bigint; latest: Date | null; records: bigint | null }[]>`
      select count(*) as n, max(received_at) as latest, sum(records) as records from run_window where run_id = ${run.id}::uuid`,
    db.run.findUniqueOrThrow({ where: { id: run.id }, select: { sparkProgress: true } }),
  ]);
  const progress = readSparkProgress(row.sparkProgress);
  const app = master.view?.activeapps.find((a) => a.name === sparkAppName(run.id));
  return {
    at: now,
    bufferAlive,
    driverAlive: daemonAlive(statsJobDaemon(run.id)),
    consumerAlive: daemonAlive(consumerDaemon(run.clusterId)),
    appRunning: app?.state === "RUNNING",
    kafkaReachable: kafka.reachable,
    kafkaError: kafka.error ?? null,
    hostsLost: lostHosts(run.spec, kafka, master),
    buffer: { state: buffer.state, recordsSent: buffer.recordsSent, error: buffer.error },
    windows: { count: Number(windows[0]?.n ?? 0), latestAt: windows[0]?.latest?.getTime() ?? null, records: Number(windows[0]?.records ?? 0) },
    progress: { at: progress ? Date.parse(progress.at) : null, lag: progress?.kafkaLagOffsets ?? null, latencyMs: progress?.windowLatencyMs ?? null },
    lastLines: {
      buffer: buffer.error ?? (hostWithRole(run.spec, "buffer").local ? lastErrorLine(daemonLogTail(bufferDaemon(run.id), 15)) : null),
      driver: lastErrorLine(daemonLogTail(statsJobDaemon(run.id), 15)),
      consumer: lastErrorLine(daemonLogTail(consumerDaemon(run.clusterId), 15)),
    },
  };
}
