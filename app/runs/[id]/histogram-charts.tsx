"use client";

import { useMemo } from "react";
import { chamberColor } from "@/app/components/chamber-colors";
import { HistogramChart, type HistSeries } from "@/app/components/histogram-chart";
import type { RunAggregate } from "@/lib/live/run-aggregate";

interface Props {
  agg: RunAggregate;
  /** The reference, normalised to the orbits of `agg`: drawn over each histogram with a ratio panel. */
  reference: RunAggregate | null;
  chambers: number;
  channels: number;
  log: boolean;
  /** Prefix of the charts' test ids, to tell apart two runs on one page. */
  idPrefix?: string;
}

const chamberLabel = (c: number) => `chamber ${c}`;

/** All chambers' channels on one axis (chamber c's channel i at c * channels + i), a series per chamber. */
function occupancySeries(rows: number[][], chambers: number, channels: number): (number | null)[][] {
  const n = chambers * channels;
  return Array.from({ length: chambers }, (_, c) => Array.from({ length: n }, (_, i) => (Math.floor(i / channels) === c ? (rows[c]?.[i % channels] ?? 0) : null)));
}

const asSeries = (values: (number | null)[][]): HistSeries[] => values.map((v, c) => ({ label: chamberLabel(c), color: chamberColor(c), values: v }));

function OccupancyChart({ rows, refRows, chambers, channels, log, testId, title }: { rows: number[][]; refRows: number[][] | null; chambers: number; channels: number; log: boolean; testId: string; title: string }) {
  const x = useMemo(() => Array.from({ length: chambers * channels }, (_, i) => i), [chambers, channels]);
  const series = useMemo(() => asSeries(occupancySeries(rows, chambers, channels)), [rows, chambers, channels]);
  const reference = useMemo(() => (refRows ? occupancySeries(refRows, chambers, channels) : null), [refRows, chambers, channels]);
  return (
    <div className="panel">
      <h3>{title}</h3>
      <HistogramChart
        testId={testId}
        title={title}
        xLabel="chamber:channel"
        yLabel="hits"
        x={x}
        series={series}
        reference={reference}
        log={log}
        bars
        xValues={(v) => `${Math.floor(v / channels)}:${v % channels}`}
        xIncrs={[channels / 4, channels / 2, channels]}
        height={220}
      />
    </div>
  );
}

export function OccupancyCharts({ agg, reference, chambers, channels, log, idPrefix = "" }: Props) {
  return (
    <>
      <OccupancyChart rows={agg.occupancy} refRows={reference?.occupancy ?? null} chambers={chambers} channels={channels} log={log} testId={`${idPrefix}chart-occupancy`} title="Channel occupancy" />
      <OccupancyChart
        rows={agg.occupancyScintillator}
        refRows={reference?.occupancyScintillator ?? null}
        chambers={chambers}
        channels={channels}
        log={log}
        testId={`${idPrefix}chart-occupancy-scint`}
        title="Channel occupancy in orbits with a scintillator signal"
      />
    </>
  );
}

export function MultiplicityChart({ agg, reference, chambers, log, idPrefix = "" }: Omit<Props, "channels">) {
  const longest = Math.max(2, ...agg.multiplicity.map((h) => h.length), ...(reference?.multiplicity.map((h) => h.length) ?? []));
  const x = useMemo(() => Array.from({ length: longest - 1 }, (_, i) => i + 1), [longest]);
  const perChamber = (h: number[][]) => Array.from({ length: chambers }, (_, c) => x.map((m) => h[c]?.[m] ?? 0));
  const series = useMemo(() => asSeries(perChamber(agg.multiplicity)), [agg, x, chambers]); // eslint-disable-line react-hooks/exhaustive-deps
  const ref = useMemo(() => (reference ? perChamber(reference.multiplicity) : null), [reference, x, chambers]); // eslint-disable-line react-hooks/exhaustive-deps
  return (
    <div className="panel">
      <h3>Orbit multiplicity</h3>
      <HistogramChart testId={`${idPrefix}chart-multiplicity`} title="Orbit multiplicity" xLabel="hits in the orbit" yLabel="orbits" x={x} series={series} reference={ref} log={log} bars={false} xIncrs={[1, 2, 5, 10, 20, 50]} height={220} />
    </div>
  );
}

function DriftChart({ agg, reference, chamber, log, idPrefix }: { agg: RunAggregate; reference: RunAggregate | null; chamber: number; log: boolean; idPrefix: string }) {
  const { minNs, binNs } = agg.driftTime;
  const counts = agg.driftTime.counts[chamber];
  const bins = Math.max(counts?.length ?? 0, reference?.driftTime.counts[chamber]?.length ?? 0);
  const x = useMemo(() => Array.from({ length: bins }, (_, i) => minNs + i * binNs), [bins, minNs, binNs]);
  const series = useMemo(() => [{ label: chamberLabel(chamber), color: chamberColor(chamber), values: x.map((_, i) => counts?.[i] ?? 0) }], [x, counts, chamber]);
  const ref = useMemo(() => (reference ? [x.map((_, i) => reference.driftTime.counts[chamber]?.[i] ?? 0)] : null), [x, reference, chamber]);
  const title = `Drift times, chamber ${chamber}`;
  return <HistogramChart testId={`${idPrefix}chart-drift-${chamber}`} title={title} xLabel="t hit − t scintillator (ns)" yLabel="hits" x={x} series={series} reference={ref} log={log} bars height={160} />;
}

export function DriftCharts({ agg, reference, chambers, log, idPrefix = "" }: Omit<Props, "channels">) {
  return (
    <div className="panel">
      <h3>Drift times</h3>
      <div className="grid-2">
        {Array.from({ length: chambers }, (_, c) => (
          <DriftChart key={c} agg={agg} reference={reference} chamber={c} log={log} idPrefix={idPrefix} />
        ))}
      </div>
    </div>
  );
}
