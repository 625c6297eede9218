"use client";

import { useMemo } from "react";
import type uPlot from "uplot";
import { chamberColor } from "@/app/components/chamber-colors";
import { chamberSeries, chartOptions, forScale } from "@/app/components/chart-options";
import { UplotChart } from "@/app/components/uplot-chart";
import type { RunAggregate } from "@/lib/live/run-aggregate";

interface Props {
  agg: RunAggregate;
  chambers: number;
  channels: number;
  log: boolean;
}

/** All chambers' channels on one axis (chamber c's channel i at c * channels + i), a bar series per chamber. */
function occupancyData(rows: number[][], chambers: number, channels: number, log: boolean): uPlot.AlignedData {
  const x = Array.from({ length: chambers * channels }, (_, i) => i);
  const series = Array.from({ length: chambers }, (_, c) => x.map((i) => (Math.floor(i / channels) === c ? (rows[c]?.[i % channels] ?? 0) : null)));
  return [x, ...series.map((s) => forScale(s, log))];
}

export function OccupancyCharts({ agg, chambers, channels, log }: Props) {
  const options = useMemo(
    () => chartOptions({ xLabel: "chamber:channel", yLabel: "hits", series: chamberSeries(chambers, true), log, xValues: (v) => `${Math.floor(v / channels)}:${v % channels}`, xIncrs: [channels / 4, channels / 2, channels] }),
    [chambers, channels, log],
  );
  const key = `${chambers}-${channels}-${log}`;
  const all = useMemo(() => occupancyData(agg.occupancy, chambers, channels, log), [agg, chambers, channels, log]);
  const scint = useMemo(() => occupancyData(agg.occupancyScintillator, chambers, channels, log), [agg, chambers, channels, log]);
  return (
    <>
      <div className="panel">
        <h3>Channel occupancy</h3>
        <UplotChart options={options} optionsKey={key} data={all} height={220} testId="chart-occupancy" />
      </div>
      <div className="panel">
        <h3>Channel occupancy in orbits with a scintillator signal</h3>
        <UplotChart options={options} optionsKey={key} data={scint} height={220} testId="chart-occupancy-scint" />
      </div>
    </>
  );
}

export function MultiplicityChart({ agg, chambers, log }: Omit<Props, "channels">) {
  const options = useMemo(() => chartOptions({ xLabel: "hits in the orbit", yLabel: "orbits", series: chamberSeries(chambers, false), log, xIncrs: [1, 2, 5, 10, 20, 50] }), [chambers, log]);
  const data = useMemo((): uPlot.AlignedData => {
    const longest = Math.max(2, ...agg.multiplicity.map((h) => h.length));
    const x = Array.from({ length: longest - 1 }, (_, i) => i + 1);
    return [x, ...Array.from({ length: chambers }, (_, c) => forScale(x.map((m) => agg.multiplicity[c]?.[m] ?? 0), log))];
  }, [agg, chambers, log]);
  return (
    <div className="panel">
      <h3>Orbit multiplicity</h3>
      <UplotChart options={options} optionsKey={`${chambers}-${log}`} data={data} height={220} testId="chart-multiplicity" />
    </div>
  );
}

function DriftChart({ agg, chamber, log }: { agg: RunAggregate; chamber: number; log: boolean }) {
  const options = useMemo(() => chartOptions({ xLabel: "t hit − t scintillator (ns)", yLabel: "hits", series: [{ label: `chamber ${chamber}`, color: chamberColor(chamber), bars: true }], log }), [chamber, log]);
  const { minNs, binNs } = agg.driftTime;
  const data = useMemo((): uPlot.AlignedData => {
    const counts = agg.driftTime.counts[chamber] ?? [];
    return [counts.map((_, i) => minNs + i * binNs), forScale(counts, log)];
  }, [agg, chamber, log, minNs, binNs]);
  return <UplotChart options={options} optionsKey={`${chamber}-${log}`} data={data} height={160} testId={`chart-drift-${chamber}`} />;
}

export function DriftCharts({ agg, chambers, log }: Omit<Props, "channels">) {
  return (
    <div className="panel">
      <h3>Drift times</h3>
      <div className="grid-2">
        {Array.from({ length: chambers }, (_, c) => (
          <DriftChart key={c} agg={agg} chamber={c} log={log} />
        ))}
      </div>
    </div>
  );
}
