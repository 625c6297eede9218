"use client";

import { useMemo } from "react";
import type uPlot from "uplot";
import { chamberSeries, chartOptions, forScale } from "@/app/components/chart-options";
import { UplotChart } from "@/app/components/uplot-chart";
import { rateSeries } from "@/lib/live/rate-series";
import type { StoredWindow } from "@/lib/runs/stored-window";

/** Hit rate over the run, per chamber and in total, one point per window. */
export function RateChart({ windows, chambers, log }: { windows: StoredWindow[]; chambers: number; log: boolean }) {
  const options = useMemo(
    () => chartOptions({ xLabel: "detector time (s)", yLabel: "hits/s", series: [...chamberSeries(chambers, false), { label: "total", color: "#e6edf3" }], log }),
    [chambers, log],
  );
  // Detector time without windows is a null point: the lines break there (uPlot does not span gaps).
  const raw = useMemo((): uPlot.AlignedData => {
    const s = rateSeries(
      windows.map((w) => w.result),
      chambers,
    );
    return [s.seconds, ...s.perChamber, s.total];
  }, [windows, chambers]);
  const data = useMemo((): uPlot.AlignedData => [raw[0], ...raw.slice(1).map((s) => forScale(s as (number | null)[], log))], [raw, log]);
  return (
    <div className="panel">
      <h3>Hit rate over the run</h3>
      <UplotChart options={options} optionsKey={`${chambers}-${log}`} data={data} csvData={raw} height={220} testId="chart-rate" title="Hit rate over the run" />
    </div>
  );
}
