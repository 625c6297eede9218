"use client";

import { useEffect, useMemo, useState } from "react";
import { ChannelFlags } from "@/app/runs/[id]/channel-flags";
import { DroppedTable } from "@/app/runs/[id]/dropped-table";
import { DriftCharts, MultiplicityChart, OccupancyCharts } from "@/app/runs/[id]/histogram-charts";
import { HitsTable } from "@/app/runs/[id]/hits-table";
import { RateChart } from "@/app/runs/[id]/rate-chart";
import { ReferenceBar } from "@/app/runs/[id]/reference-bar";
import { useRunHistograms, type ReferenceSpec } from "@/app/runs/[id]/use-reference";
import { flagChannels } from "@/lib/live/channel-health";
import { aggregateWindows, emptyAggregate, type RunAggregate } from "@/lib/live/run-aggregate";
import { normaliseToOrbits } from "@/lib/live/scale-aggregate";
import type { StoredWindow } from "@/lib/runs/stored-window";

/** One moment of a run as drawn: sums over the windows, the windows in order, the latest one. */
export interface DashboardView {
  /** Changes whenever the view does. */
  key: string;
  total: RunAggregate;
  windows: StoredWindow[];
  latest: StoredWindow | undefined;
}

export type ViewMode = "cumulative" | "window";

export function viewOf(key: string, total: RunAggregate, windows: StoredWindow[]): DashboardView {
  return { key, total, windows, latest: windows.at(-1) };
}

interface Props {
  view: DashboardView;
  chambers: number;
  channels: number;
  unwindowed: number;
  mode: ViewMode;
  log: boolean;
  /** Drawn over every histogram, normalised to the orbits shown, with a ratio panel. */
  reference: ReferenceSpec | null;
}

/** Every chart and table of a run. Histograms follow the per-window / cumulative toggle; the rate and channel health are over the run. */
export function Dashboard({ view, chambers, channels, unwindowed, mode, log, reference }: Props) {
  const shown = useMemo(
    () => (mode === "cumulative" ? view.total : view.latest ? aggregateWindows([view.latest.result]) : emptyAggregate()),
    [view, mode],
  );
  const flags = useMemo(() => flagChannels(view.total.occupancy), [view]);
  const refHistograms = useRunHistograms(reference);
  const [overlay, setOverlay] = useState(true);
  const scaledRef = useMemo(
    () => (overlay && refHistograms.data ? normaliseToOrbits(refHistograms.data.aggregate, shown.orbits) : null),
    [overlay, refHistograms.data, shown.orbits],
  );

  useEffect(() => {
    // After the charts' own effects, and after uPlot's redraw (a microtask it queued): the draw time of this update.
    queueMicrotask(() => {
      if (performance.getEntriesByName("cosmo-update-start", "mark").length === 0) return;
      performance.measure("cosmo-draw", "cosmo-update-start");
      performance.clearMarks("cosmo-update-start");
    });
  }, [view, mode, log]);

  return (
    <div className="dashboard" data-testid="dashboard" data-view={mode}>
      {reference ? <ReferenceBar spec={reference} histograms={refHistograms.data} error={refHistograms.error} shownOrbits={shown.orbits} on={overlay} onChange={setOverlay} /> : null}
      <div className="panel">
        <h3>
          Processed hits{" "}
          <span className="muted" data-testid="view-scope">
            {mode === "cumulative" ? "whole run so far" : view.latest ? `window ${view.latest.window}` : "no window yet"}
          </span>
        </h3>
        <HitsTable agg={shown} chambers={chambers} />
      </div>
      <OccupancyCharts agg={shown} reference={scaledRef} chambers={chambers} channels={channels} log={log} />
      <MultiplicityChart agg={shown} reference={scaledRef} chambers={chambers} log={log} />
      <DriftCharts agg={shown} reference={scaledRef} chambers={chambers} log={log} />
      <RateChart windows={view.windows} chambers={chambers} log={log} />
      <div className="grid-2">
        <div className="panel">
          <DroppedTable agg={shown} unwindowed={mode === "cumulative" ? unwindowed : 0} />
        </div>
        <div className="panel">
          <ChannelFlags flags={flags} />
        </div>
      </div>
    </div>
  );
}
