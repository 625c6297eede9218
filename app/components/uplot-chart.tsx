"use client";

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { chartCsv, chartPng, download, gapCount } from "@/app/components/chart-export";

interface Props {
  /** Options without size: the chart takes its container's width. Rebuilt when `optionsKey` changes. */
  options: Omit<uPlot.Options, "width" | "height">;
  optionsKey: string;
  data: uPlot.AlignedData;
  height: number;
  testId?: string;
  /** What the chart is: the title of its PNG and the name of its files. */
  title?: string;
  /** The values exported as CSV when they differ from those drawn (a log axis hides zeros). */
  csvData?: uPlot.AlignedData;
}

const fileName = (title: string) => title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "chart";

/**
 * A uPlot chart: built once per options, fed new data in place (no rebuild per
 * window). Each offers its picture as PNG and its numbers as CSV; the number
 * of points and of gaps (x values where no series has a value) are on the
 * element, for whoever checks what is drawn.
 */
export function UplotChart({ options, optionsKey, data, height, testId, title, csvData }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);

  // Declared first, so a chart (re)built below starts from the newest data.
  useEffect(() => {
    latest.current = data;
    plot.current?.setData(data);
  }, [data]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const chart = new uPlot({ ...options, width: el.clientWidth || 300, height }, latest.current, el);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth || 300, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = null;
    };
    // The options object is rebuilt on each render; optionsKey says when it really changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [optionsKey, height]);

  const name = fileName(title ?? testId ?? "chart");
  const labels = options.series.map((s, i) => String(s.label ?? `series ${i}`));
  return (
    <div className="chart-box" data-testid={testId} data-points={data[0]?.length ?? 0} data-gaps={gapCount(data)}>
      <span className="chart-actions">
        <button
          type="button"
          data-testid={testId ? `${testId}-png` : undefined}
          title="Download the chart as PNG"
          onClick={() => void (plot.current && chartPng(plot.current, title ?? name).then((b) => download(`${name}.png`, b)))}
        >
          PNG
        </button>
        <button
          type="button"
          data-testid={testId ? `${testId}-csv` : undefined}
          title="Download the chart's data as CSV"
          onClick={() => download(`${name}.csv`, new Blob([chartCsv(labels, csvData ?? data)], { type: "text/csv" }))}
        >
          CSV
        </button>
      </span>
      <div ref={box} className="chart" />
    </div>
  );
}
