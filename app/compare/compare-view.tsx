"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { fetchJson } from "@/app/components/fetch-json";
import { CompareCharts } from "@/app/compare/compare-charts";
import { CompareTable } from "@/app/compare/compare-table";
import { RunPicker } from "@/app/compare/run-picker";
import { QualityStrip } from "@/app/runs/quality/quality-strip";
import { useRunHistograms } from "@/app/runs/[id]/use-reference";
import type { RunSummary } from "@/lib/runs/get-run-summary";

export type CompareMode = "side" | "overlay";

const whole = (runId: string | null) => (runId ? { runId, fromWindow: null, toWindow: null } : null);

export const compareUrl = (a: string | null, b: string | null, mode: CompareMode) => {
  const q = new URLSearchParams();
  if (a) q.set("a", a);
  if (b) q.set("b", b);
  q.set("mode", mode);
  return `/compare?${q.toString()}`;
};

function useSummary(runId: string | null) {
  return useQuery({ queryKey: ["run", runId], queryFn: () => fetchJson<RunSummary>(`/api/runs/${encodeURIComponent(runId!)}`), enabled: runId !== null });
}

/** Two runs' histograms side by side, or the second drawn over the first normalised to its orbits with the ratio; the URL says which. */
export function CompareView({ a, b, mode }: { a: string | null; b: string | null; mode: CompareMode }) {
  const router = useRouter();
  const [log, setLog] = useState(false);
  const runA = useSummary(a);
  const runB = useSummary(b);
  const histA = useRunHistograms(whole(a));
  const histB = useRunHistograms(whole(b));
  const go = (na: string | null, nb: string | null, m: CompareMode) => router.replace(compareUrl(na, nb, m));

  const error = runA.error ?? runB.error ?? histA.error ?? histB.error;
  return (
    <section>
      <p className="muted">
        <Link href="/runs">Runs</Link> /
      </p>
      <h1>Compare runs</h1>
      <div className="toolbar">
        <RunPicker label="Run A" value={a} onChange={(id) => go(id, b, mode)} testId="pick-a" />
        <RunPicker label="Run B" value={b} onChange={(id) => go(a, id, mode)} testId="pick-b" />
        <span className="toggle" role="group" aria-label="how the runs are drawn">
          <button type="button" aria-pressed={mode === "side"} onClick={() => go(a, b, "side")} data-testid="mode-side">
            Side by side
          </button>
          <button type="button" aria-pressed={mode === "overlay"} onClick={() => go(a, b, "overlay")} data-testid="mode-overlay">
            Overlaid
          </button>
        </span>
        <label>
          <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} data-testid="log-scale" /> log scale
        </label>
      </div>
      {error ? (
        <p className="state-unhealthy" data-testid="compare-error">
          {error.message}
        </p>
      ) : null}
      {!a || !b ? <p className="muted">Choose two runs (or select two in the run list and press Compare).</p> : null}
      {runA.data && runB.data && histA.data && histB.data ? (
        <>
          <CompareTable a={runA.data} b={runB.data} histA={histA.data} histB={histB.data} />
          <div className="compare-quality" data-testid="compare-quality">
            <h2>Quality of A: {runA.data.name}</h2>
            <QualityStrip runId={runA.data.id} live={false} />
            <h2>Quality of B: {runB.data.name}</h2>
            <QualityStrip runId={runB.data.id} live={false} />
          </div>
          <CompareCharts a={runA.data} b={runB.data} histA={histA.data.aggregate} histB={histB.data.aggregate} mode={mode} log={log} />
        </>
      ) : a && b && !error ? (
        <p className="muted">Loading the runs…</p>
      ) : null}
    </section>
  );
}
