"use client";

import { useEffect, useMemo, useState } from "react";
import { formatInt } from "@/app/components/format";
import { Dashboard, viewOf, type ViewMode } from "@/app/runs/[id]/dashboard";
import { useRecordedWindows } from "@/app/runs/[id]/use-recorded-windows";
import { ViewControls } from "@/app/runs/[id]/view-controls";
import { aggregateWindows } from "@/lib/live/run-aggregate";
import type { ReferenceSpec } from "@/app/runs/[id]/use-reference";
import type { RunSummary } from "@/lib/runs/get-run-summary";

/** Frames of a replay: a whole run plays in about ten seconds, whatever its length. */
const REPLAY_FRAMES = 100;
const FRAME_MS = 100;

/** A finished run: its recorded windows, with a position to replay them from the first up to any window. */
export function ReplayRun({ summary, reference }: { summary: RunSummary; reference: ReferenceSpec | null }) {
  const { store, isPending, error } = useRecordedWindows(summary.id, true);
  const total = store.size;
  const [position, setPosition] = useState<number | null>(null);
  const [playing, setPlaying] = useState(false);
  const [mode, setMode] = useState<ViewMode>("cumulative");
  const [log, setLog] = useState(false);
  const count = position ?? total;

  useEffect(() => {
    if (!playing) return;
    const step = Math.max(1, Math.ceil(total / REPLAY_FRAMES));
    const timer = setInterval(() => {
      setPosition((p) => {
        const next = (p ?? 0) + step;
        if (next < total) return next;
        setPlaying(false);
        return null;
      });
    }, FRAME_MS);
    return () => clearInterval(timer);
  }, [playing, total]);

  const view = useMemo(() => {
    const windows = store.sorted().slice(0, count);
    return viewOf(`replay-${store.version}-${count}`, aggregateWindows(windows.map((w) => w.result)), windows);
  }, [store, count]);

  if (isPending) return <p className="muted">Loading the recorded windows…</p>;
  if (error) return <p className="state-unhealthy">{error.message}</p>;
  return (
    <>
      <div className="toolbar">
        <span className="badge badge-paused" data-testid="live-state">
          replay
        </span>
        <button
          type="button"
          data-testid="replay-play"
          onClick={() => {
            if (!playing && position === null) setPosition(0);
            setPlaying(!playing);
          }}
        >
          {playing ? "Stop" : "Play"}
        </button>
        <input
          type="range"
          min={0}
          max={total}
          value={count}
          onChange={(e) => {
            setPlaying(false);
            const v = Number(e.target.value);
            setPosition(v === total ? null : v);
          }}
          data-testid="replay-position"
          aria-label="windows replayed"
        />
        <span className="muted">
          <span data-testid="replay-count">{formatInt(count)}</span> of <span data-testid="replay-total">{formatInt(total)}</span> windows
          {view.latest ? ` (up to window ${view.latest.window})` : ""}
        </span>
        <ViewControls mode={mode} onMode={setMode} log={log} onLog={setLog} />
      </div>
      <Dashboard
        view={view}
        chambers={summary.detector.chambers.length}
        channels={summary.detector.channelsPerChamber}
        unwindowed={count === total ? summary.unwindowedMalformed : 0}
        mode={mode}
        log={log}
        reference={reference}
      />
    </>
  );
}
