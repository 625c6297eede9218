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
  const data = useMemo((): uPlot.AlignedData => {
    const s = rateSeries(
      windows.map((w) => w.result),
      chambers,
    );
    return [s.seconds, ...s.perChamber.map((p) => forScale(p, log)), forScale(s.total, log)];
  }, [windows, chambers, log]);
  return (
    <div className="panel">
      <h3>Hit rate over the run</h3>
      <UplotChart options={options} optionsKey={`${chambers}-${log}`} data={data} height={220} testId="chart-rate" />
    </div>
  );
}
