"use client";

import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

interface Props {
  /** Options without size: the chart takes its container's width. Rebuilt when `optionsKey` changes. */
  options: Omit<uPlot.Options, "width" | "height">;
  optionsKey: string;
  data: uPlot.AlignedData;
  height: number;
  testId?: string;
}

/** A uPlot chart: built once per options, fed new data in place (no rebuild per window). */
export function UplotChart({ options, optionsKey, data, height, testId }: Props) {
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

  return <div ref={box} className="chart" data-testid={testId} />;
}
