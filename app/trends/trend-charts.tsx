"use client";

import { useMemo } from "react";
import type uPlot from "uplot";
import { chamberSeries, chartOptions } from "@/app/components/chart-options";
import { UplotChart } from "@/app/components/uplot-chart";
import type { ChamberQuantities } from "@/lib/trends/chamber-quantities";

const QUANTITIES: { key: keyof ChamberQuantities; title: string; unit: string }[] = [
  { key: "t0Ns", title: "Drift-time t0 (rising edge)", unit: "ns" },
  { key: "tmaxNs", title: "Maximum drift time tmax (falling edge)", unit: "ns" },
  { key: "driftSpanNs", title: "tmax − t0", unit: "ns" },
  { key: "meanMultiplicity", title: "Mean multiplicity", unit: "hits per orbit" },
  { key: "hitRate", title: "Hit rate", unit: "hits/s" },
];

interface Props {
  x: number[];
  xLabel: string;
  /** Per x, the chambers' quantities; null: no data there (a gap, drawn as one). */
  points: (ChamberQuantities[] | null)[];
  chambers: number;
  idPrefix: string;
  xValues?: (v: number) => string;
  xIncrs?: number[];
}

/** One chart per quantity, a line per chamber. */
export function TrendCharts({ x, xLabel, points, chambers, idPrefix, xValues, xIncrs }: Props) {
  const series = useMemo(() => chamberSeries(chambers, false), [chambers]);
  return (
    <div className="grid-2">
      {QUANTITIES.map((q) => (
        <TrendChart key={q.key} quantity={q} x={x} xLabel={xLabel} points={points} chambers={chambers} series={series} testId={`${idPrefix}trend-${q.key}`} xValues={xValues} xIncrs={xIncrs} />
      ))}
    </div>
  );
}

function TrendChart({
  quantity,
  x,
  xLabel,
  points,
  chambers,
  series,
  testId,
  xValues,
  xIncrs,
}: Omit<Props, "idPrefix"> & { quantity: (typeof QUANTITIES)[number]; series: ReturnType<typeof chamberSeries>; testId: string }) {
  const data = useMemo(
    (): uPlot.AlignedData => [x, ...Array.from({ length: chambers }, (_, c) => points.map((p) => p?.[c]?.[quantity.key] ?? null))],
    [x, points, chambers, quantity.key],
  );
  const options = { ...chartOptions({ xLabel, yLabel: quantity.unit, series, log: false, xValues, xIncrs }), scales: { x: { time: false } } };
  // Points too: a trend of a few runs is a few dots.
  options.series = options.series.map((s, i) => (i === 0 ? s : { ...s, points: { show: true, size: 5 } }));
  return (
    <div className="panel">
      <h3>{quantity.title}</h3>
      <UplotChart options={options} optionsKey={`${chambers}-${x.length > 0}`} data={data} height={200} testId={testId} title={quantity.title} />
    </div>
  );
}
