import { percentile } from "@/lib/bench/stats";

export interface WindowLatency {
  windows: number;
  p50S: number;
  p95S: number;
  maxS: number;
  /** Every measured window: its index and latency in seconds. */
  perWindow: { window: number; latencyS: number }[];
}

/**
 * Per window, from its last record entering Kafka to its row appearing in
 * PostgreSQL, for the windows whose last record entered after `from` and
 * whose row appeared by `to` (ms since the epoch): while the buffer ran at
 * the measured rate, so none waited for a slow first batch or the idle flush.
 */
export function windowLatency(lastEntry: Map<number, number>, firstArrival: Map<number, number>, from: number, to: number): WindowLatency {
  const perWindow = [...firstArrival.entries()]
    .filter(([w, at]) => at <= to && (lastEntry.get(w) ?? 0) >= from)
    .sort(([a], [b]) => a - b)
    .map(([window, at]) => ({ window, latencyS: (at - lastEntry.get(window)!) / 1000 }));
  const latencies = perWindow.map((w) => w.latencyS);
  return {
    windows: latencies.length,
    p50S: percentile(latencies, 50),
    p95S: percentile(latencies, 95),
    maxS: latencies.length ? Math.max(...latencies) : Number.NaN,
    perWindow,
  };
}
