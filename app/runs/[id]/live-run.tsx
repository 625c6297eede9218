"use client";

import { useMemo, useState } from "react";
import { formatInt, formatTime } from "@/app/components/format";
import { useNow } from "@/app/components/use-now";
import { Dashboard, viewOf, type DashboardView, type ViewMode } from "@/app/runs/[id]/dashboard";
import { PipelineStrip } from "@/app/runs/[id]/pipeline-strip";
import { useRunStream } from "@/app/runs/[id]/use-run-stream";
import { ViewControls } from "@/app/runs/[id]/view-controls";
import type { ReferenceSpec } from "@/app/runs/[id]/use-reference";
import type { RunSummary } from "@/lib/runs/get-run-summary";

interface Frozen {
  view: DashboardView;
  drawnAt: number | null;
  windows: number;
}

/**
 * A running run, live from its event stream. Pause freezes what is drawn;
 * the stream goes on filling the store, and resume draws everything that came.
 */
export function LiveRun({ summary, reference }: { summary: RunSummary; reference: ReferenceSpec | null }) {
  const stream = useRunStream(summary.id, true);
  const { store, version } = stream;
  const liveView = useMemo(() => viewOf(`live-${version}`, structuredClone(store.total), store.sorted()), [store, version]);
  const [frozen, setFrozen] = useState<Frozen | null>(null);
  const [mode, setMode] = useState<ViewMode>("cumulative");
  const [log, setLog] = useState(false);
  const now = useNow();
  const view = frozen?.view ?? liveView;
  const status = stream.pipeline?.runStatus ?? summary.status;

  return (
    <>
      <div className="toolbar">
        <span className={`badge ${frozen ? "badge-paused" : "badge-live"}`} data-testid="live-state">
          {frozen ? "paused" : stream.connection === "open" ? "live" : stream.connection}
        </span>
        <button type="button" onClick={() => setFrozen(frozen ? null : { view: liveView, drawnAt: stream.drawnAt, windows: store.size })} data-testid="pause">
          {frozen ? "Resume" : "Pause"}
        </button>
        {frozen ? (
          <span className="muted">
            <span data-testid="paused-new">{formatInt(store.size - frozen.windows)}</span> new windows since the pause
          </span>
        ) : null}
        <ViewControls mode={mode} onMode={setMode} log={log} onLog={setLog} />
        <span className="muted">
          last data <span data-testid="last-data">{formatTime(stream.lastDataAt)}</span> · last refresh{" "}
          <span data-testid="last-refresh">{formatTime(frozen ? frozen.drawnAt : stream.drawnAt)}</span> · run{" "}
          <span data-testid="live-run-status">{status}</span>
        </span>
      </div>
      <PipelineStrip status={stream.pipeline} now={now} />
      {!stream.caughtUp && store.size === 0 ? <p className="muted">Loading the recorded windows…</p> : null}
      <Dashboard
        view={view}
        chambers={summary.detector.chambers.length}
        channels={summary.detector.channelsPerChamber}
        unwindowed={stream.pipeline?.unwindowedMalformed ?? summary.unwindowedMalformed}
        mode={mode}
        log={log}
        reference={reference}
      />
    </>
  );
}
