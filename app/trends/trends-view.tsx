"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { DayRangeFields, setDayRange } from "@/app/components/date-range";
import { fetchJson } from "@/app/components/fetch-json";
import { RunPicker } from "@/app/compare/run-picker";
import { TrendCharts } from "@/app/trends/trend-charts";
import type { ClusterSummary } from "@/lib/clusters/list-clusters";
import type { RunTrend } from "@/lib/trends/run-trend";
import type { RunsTrendPoint } from "@/lib/trends/runs-trend";

interface Filters {
  clusterId: string;
  from: string;
  to: string;
  limit: string;
}

function runsQuery(f: Filters): string {
  const q = new URLSearchParams();
  if (f.clusterId) q.set("clusterId", f.clusterId);
  setDayRange(q, f.from, f.to);
  if (f.limit) q.set("limit", f.limit);
  return q.toString();
}

/** The shifter's quantities per chamber, run by run (filtered) and over one run (binned in detector time), all computed on the server. */
export function TrendsView() {
  const [filters, setFilters] = useState<Filters>({ clusterId: "", from: "", to: "", limit: "30" });
  const [runId, setRunId] = useState<string | null>(null);
  const [binWindows, setBinWindows] = useState("60");
  const clusters = useQuery({ queryKey: ["clusters-for-trends"], queryFn: () => fetchJson<{ clusters: ClusterSummary[] }>("/api/clusters") });
  const runs = useQuery({ queryKey: ["trends", filters], queryFn: () => fetchJson<{ runs: RunsTrendPoint[] }>(`/api/trends?${runsQuery(filters)}`) });
  const trend = useQuery({
    queryKey: ["run-trend", runId, binWindows],
    queryFn: () => fetchJson<RunTrend>(`/api/runs/${encodeURIComponent(runId!)}/trend?binWindows=${encodeURIComponent(binWindows)}`),
    enabled: runId !== null,
  });
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setFilters({ ...filters, [key]: e.target.value });
  const list = runs.data?.runs ?? [];
  const chambers = Math.max(0, ...list.map((r) => r.chambers.length));

  return (
    <section>
      <h1>Trends</h1>
      <h2>Run by run</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Cluster
          <select value={filters.clusterId} onChange={set("clusterId")} data-testid="trend-cluster">
            <option value="">any</option>
            {(clusters.data?.clusters ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <DayRangeFields from={filters.from} to={filters.to} onFrom={set("from")} onTo={set("to")} testIdPrefix="trend" />
        <label>
          Runs
          <input type="number" min={1} max={100} value={filters.limit} onChange={set("limit")} data-testid="trend-limit" />
        </label>
      </form>
      {runs.error ? <p className="state-unhealthy">{runs.error.message}</p> : null}
      <p className="muted" data-testid="trend-runs">
        {list.length} runs, oldest first:{" "}
        {list.map((r, i) => (
          <span key={r.runId}>
            {i + 1}. <Link href={`/runs/${r.runId}`}>{r.name}</Link>{" "}
          </span>
        ))}
      </p>
      {list.length > 0 ? (
        <TrendCharts x={list.map((_, i) => i + 1)} xLabel="run (oldest first)" points={list.map((r) => r.chambers)} chambers={chambers} idPrefix="runs-" xIncrs={[1, 2, 5, 10, 20, 50]} />
      ) : null}

      <h2>Over a run</h2>
      <div className="toolbar">
        <RunPicker label="Run" value={runId} onChange={setRunId} testId="trend-run" />
        <label>
          Windows per point <input type="number" min={1} value={binWindows} onChange={(e) => setBinWindows(e.target.value)} data-testid="trend-bin" />
        </label>
      </div>
      {trend.error ? <p className="state-unhealthy">{trend.error.message}</p> : null}
      {trend.data ? (
        <TrendCharts x={trend.data.points.map((p) => p.seconds)} xLabel="detector time (s)" points={trend.data.points.map((p) => p.chambers)} chambers={trend.data.chambers} idPrefix="run-" />
      ) : null}
    </section>
  );
}
