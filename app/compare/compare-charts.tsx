"use client";

import { useMemo } from "react";
import type { CompareMode } from "@/app/compare/compare-view";
import { DriftCharts, MultiplicityChart, OccupancyCharts } from "@/app/runs/[id]/histogram-charts";
import type { RunAggregate } from "@/lib/live/run-aggregate";
import { normaliseToOrbits } from "@/lib/live/scale-aggregate";
import type { RunSummary } from "@/lib/runs/get-run-summary";

interface Props {
  a: RunSummary;
  b: RunSummary;
  histA: RunAggregate;
  histB: RunAggregate;
  mode: CompareMode;
  log: boolean;
}

function RunCharts({ agg, reference, run, log, idPrefix }: { agg: RunAggregate; reference: RunAggregate | null; run: RunSummary; log: boolean; idPrefix: string }) {
  const chambers = run.detector.chambers.length;
  return (
    <div className="dashboard">
      <OccupancyCharts agg={agg} reference={reference} chambers={chambers} channels={run.detector.channelsPerChamber} log={log} idPrefix={idPrefix} />
      <MultiplicityChart agg={agg} reference={reference} chambers={chambers} log={log} idPrefix={idPrefix} />
      <DriftCharts agg={agg} reference={reference} chambers={chambers} log={log} idPrefix={idPrefix} />
    </div>
  );
}

/** Every histogram of the two runs: in two columns, or B normalised to A's orbits over A with the ratio A / B. */
export function CompareCharts({ a, b, histA, histB, mode, log }: Props) {
  const bOverA = useMemo(() => (mode === "overlay" ? normaliseToOrbits(histB, histA.orbits) : null), [mode, histA, histB]);
  if (mode === "overlay")
    return (
      <div data-testid="compare-overlay">
        <p className="muted">
          Run B ({b.name}) drawn dashed over run A ({a.name}), normalised to A&apos;s orbits; the ratio panels are A / B.
        </p>
        <RunCharts agg={histA} reference={bOverA} run={a} log={log} idPrefix="overlay-" />
      </div>
    );
  return (
    <div className="grid-2 compare-side" data-testid="compare-side">
      <div>
        <h2>A: {a.name}</h2>
        <RunCharts agg={histA} reference={null} run={a} log={log} idPrefix="a-" />
      </div>
      <div>
        <h2>B: {b.name}</h2>
        <RunCharts agg={histB} reference={null} run={b} log={log} idPrefix="b-" />
      </div>
    </div>
  );
}
