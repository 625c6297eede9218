import type { RunObservation } from "@/lib/supervision/observe-run";
import type { RunMemory } from "@/lib/supervision/run-memory";

/** How long a trend must hold before it is a condition: the 30 s. */
export const TREND_MS = 30_000;
/** A latency reading older than this no longer describes the pipeline. */
const FRESH_MS = 30_000;

export interface PipelineCondition {
  kind: "lag-growing" | "window-latency" | "no-windows" | "host-lost";
  severity: "warning" | "error";
  active: boolean;
  title: string;
  detail: string;
}

/** Updates the trend memory with one observation (pure: returns a new memory). */
export function remember(memory: RunMemory, obs: RunObservation): RunMemory {
  const lagSamples = [...memory.lagSamples];
  if (obs.progress.at !== null && obs.progress.lag !== null && obs.progress.at !== lagSamples.at(-1)?.at) {
    lagSamples.push({ at: obs.progress.at, lag: obs.progress.lag });
  }
  const grew = obs.buffer.recordsSent > memory.lastRecordsSent;
  return {
    ...memory,
    lagSamples: lagSamples.filter((s) => obs.at - s.at <= 2 * TREND_MS),
    lastRecordsSent: Math.max(memory.lastRecordsSent, obs.buffer.recordsSent),
    lastInputAt: grew ? obs.at : memory.lastInputAt,
  };
}

/** Kafka lag rose over the last 30 s and never fell meanwhile. */
export function lagGrowing(samples: RunMemory["lagSamples"], now: number): { growing: boolean; from: number; to: number } {
  const startIndex = samples.findLastIndex((s) => now - s.at >= TREND_MS);
  if (startIndex < 0) return { growing: false, from: 0, to: 0 };
  const trend = samples.slice(startIndex);
  const monotone = trend.every((s, i) => i === 0 || s.lag >= trend[i - 1]!.lag);
  const from = trend[0]!.lag;
  const to = trend.at(-1)!.lag;
  return { growing: trend.length >= 2 && monotone && to > from, from, to };
}

/** The flow conditions of a run (the component-down ones come from its components' states). */
export function pipelineConditions(obs: RunObservation, memory: RunMemory, startedAt: number, maxWindowLatencyMs: number): PipelineCondition[] {
  const lag = lagGrowing(memory.lagSamples, obs.at);
  const latency = obs.progress.latencyMs;
  const latencyFresh = latency !== null && obs.progress.at !== null && obs.at - obs.progress.at <= FRESH_MS;
  const lastWindow = obs.windows.latestAt ?? startedAt;
  const inputSinceWindow = memory.lastInputAt !== null && memory.lastInputAt > lastWindow;
  const quietMs = obs.at - lastWindow;
  return [
    {
      kind: "lag-growing",
      severity: "warning",
      active: lag.growing,
      title: "Kafka lag growing for 30 s",
      detail: `the Spark job's lag on the hits topic grew from ${lag.from} to ${lag.to} offsets in 30 s`,
    },
    {
      kind: "window-latency",
      severity: "warning",
      active: latencyFresh && latency > maxWindowLatencyMs,
      title: "window latency above its bound",
      detail: `windows are stored ${latency ?? "?"} ms after their last record; the bound is ${maxWindowLatencyMs} ms`,
    },
    {
      kind: "no-windows",
      severity: "error",
      active: inputSinceWindow && quietMs >= TREND_MS,
      title: "no windows for 30 s while input arrives",
      detail: `the buffer sent records but no window was stored for ${Math.round(quietMs / 1000)} s`,
    },
    {
      kind: "host-lost",
      severity: "warning",
      active: obs.hostsLost.length > 0,
      title: "a cluster host lost",
      detail: `no Kafka broker or Spark worker answers on ${obs.hostsLost.join(", ") || "-"}; replicas and the other workers carry the run`,
    },
  ];
}
