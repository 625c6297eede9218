"use client";

import { useMemo } from "react";
import type uPlot from "uplot";
import { chartOptions, forScale, type SeriesSpec } from "@/app/components/chart-options";
import { UplotChart } from "@/app/components/uplot-chart";

export interface HistSeries {
  label: string;
  color: string;
  values: (number | null)[];
}

interface Props {
  testId: string;
  title: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  series: HistSeries[];
  /** Per series, the reference's values at the same x, already normalised to the same orbits; null: no overlay. */
  reference: (number | null)[][] | null;
  log: boolean;
  bars: boolean;
  xValues?: (v: number) => string;
  xIncrs?: number[];
  height: number;
}

const REFERENCE_DASH = [5, 3];

const ratioOf = (v: number | null | undefined, r: number | null | undefined) => (v === null || v === undefined || !r ? null : v / r);

/** The sum of the data over the sum of the reference: one number that says "as many as the reference" (1) or not. */
export function totalRatio(series: readonly HistSeries[], reference: readonly (number | null)[][]): number | null {
  const sum = (vs: readonly (number | null)[]) => vs.reduce<number>((a, v) => a + (v ?? 0), 0);
  const data = series.reduce((a, s) => a + sum(s.values), 0);
  const ref = reference.reduce((a, r) => a + sum(r), 0);
  return ref > 0 ? data / ref : null;
}

/**
 * A histogram, optionally with a reference drawn over it (dashed) and, below,
 * the ratio data / reference per bin with the overall ratio.
 */
export function HistogramChart({ testId, title, xLabel, yLabel, x, series, reference, log, bars, xValues, xIncrs, height }: Props) {
  const withRef = reference !== null;
  const main: SeriesSpec[] = series.map((s) => ({ label: s.label, color: s.color, bars }));
  const refs: SeriesSpec[] = withRef ? series.map((s) => ({ label: `${s.label} reference`, color: bars ? "#e6edf3" : s.color, dash: REFERENCE_DASH })) : [];
  // The chart is rebuilt only when this key changes (UplotChart): a new options object per render costs nothing.
  const optionsKey = `${[...main, ...refs].map((s) => s.label).join("|")}-${bars}-${log}`;
  const options = chartOptions({ xLabel, yLabel, series: [...main, ...refs], log, xValues, xIncrs });
  const raw = useMemo((): uPlot.AlignedData => [x, ...series.map((s) => s.values), ...(reference ?? [])], [x, series, reference]);
  const drawn = useMemo((): uPlot.AlignedData => [x, ...raw.slice(1).map((s) => forScale(s as (number | null)[], log))], [x, raw, log]);

  const ratioOptions = chartOptions({ xLabel, yLabel: "ratio", series: series.map((s) => ({ label: `${s.label} / reference`, color: s.color })), log: false, xValues, xIncrs });
  const ratio = useMemo(
    (): uPlot.AlignedData | null => (reference ? [x, ...series.map((s, i) => s.values.map((v, j) => ratioOf(v, reference[i]?.[j])))] : null),
    [x, series, reference],
  );
  const overall = reference ? totalRatio(series, reference) : null;

  return (
    <div data-testid={`${testId}-panel`}>
      <UplotChart options={options} optionsKey={optionsKey} data={drawn} csvData={raw} height={height} testId={testId} title={title} />
      {ratio ? (
        <div className="ratio-chart">
          <span className="muted">
            data / reference: <span data-testid={`${testId}-ratio-total`}>{overall === null ? "–" : overall.toFixed(3)}</span>
          </span>
          <UplotChart options={ratioOptions} optionsKey={`ratio-${optionsKey}`} data={ratio} height={90} testId={`${testId}-ratio`} title={`${title}: ratio to the reference`} />
        </div>
      ) : null}
    </div>
  );
}
