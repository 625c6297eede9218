import uPlot from "uplot";
import { chamberColor } from "@/app/components/chamber-colors";

const AXIS = { stroke: "#8b98a5", grid: { stroke: "#2d3743", width: 1 }, ticks: { stroke: "#2d3743", width: 1 } };

export interface SeriesSpec {
  label: string;
  color: string;
  bars?: boolean;
  /** A dashed line (a reference drawn over the data). */
  dash?: number[];
}

export const chamberSeries = (chambers: number, bars: boolean): SeriesSpec[] =>
  Array.from({ length: chambers }, (_, c) => ({ label: `chamber ${c}`, color: chamberColor(c), bars }));

/** Options shared by every chart: dark axes, no time axis, optional log y. */
export function chartOptions(opts: {
  xLabel: string;
  yLabel: string;
  series: SeriesSpec[];
  log: boolean;
  xValues?: (v: number) => string;
  /** Tick spacings the x axis may use (integers only for channels and multiplicities). */
  xIncrs?: number[];
}): Omit<uPlot.Options, "width" | "height"> {
  const bars = uPlot.paths.bars!({ size: [0.9, 40], align: 0 });
  return {
    legend: { show: true, live: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: false },
      // On a log axis a bar of 1 starts below 1, or it would have no height.
      y: opts.log ? { distr: 3, log: 10, range: (_u, _min, max) => [0.5, Math.max(10, max * 2)] } : { range: (_u, _min, max) => [0, Math.max(1, max) * 1.05] },
    },
    axes: [
      { ...AXIS, label: opts.xLabel, incrs: opts.xIncrs, values: opts.xValues ? (_u, splits) => splits.map((v) => opts.xValues!(v)) : undefined },
      { ...AXIS, label: opts.yLabel, size: 60 },
    ],
    series: [
      { label: opts.xLabel },
      ...opts.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        fill: s.bars ? `${s.color}aa` : undefined,
        width: s.bars ? 0 : 1.5,
        paths: s.bars ? bars : undefined,
        dash: s.dash,
        points: { show: false },
      })),
    ],
  };
}

/** A log axis cannot show 0: those points are left out. */
export function forScale(values: readonly (number | null)[], log: boolean): (number | null)[] {
  return log ? values.map((v) => (v === null || v <= 0 ? null : v)) : [...values];
}
