"use client";

import { useEffect, useState } from "react";
import type { PipelineStatus } from "@/lib/live/pipeline-status";
import { WindowStore } from "@/lib/live/window-store";
import { storedWindowSchema } from "@/lib/runs/stored-window";

export type Connection = "connecting" | "open" | "reconnecting";

export interface RunStream {
  store: WindowStore;
  /** The store's version last drawn. */
  version: number;
  connection: Connection;
  caughtUp: boolean;
  pipeline: PipelineStatus | null;
  /** When the browser last received a new or changed window (ms since the epoch). */
  lastDataAt: number | null;
  /** When the view was last redrawn with new data. */
  drawnAt: number | null;
}

/**
 * A run's event stream into a WindowStore. Events are applied as they come;
 * the view is redrawn at most once per animation frame, so a backlog of
 * thousands of windows costs one draw. EventSource reconnects by itself,
 * sending Last-Event-ID: the server resumes after it.
 */
export function useRunStream(runId: string, enabled: boolean): RunStream {
  const [store] = useState(() => new WindowStore());
  const [version, setVersion] = useState(0);
  const [connection, setConnection] = useState<Connection>("connecting");
  const [caughtUp, setCaughtUp] = useState(false);
  const [pipeline, setPipeline] = useState<PipelineStatus | null>(null);
  const [lastDataAt, setLastDataAt] = useState<number | null>(null);
  const [drawnAt, setDrawnAt] = useState<number | null>(null);

  useEffect(() => {
    if (!enabled) return;
    const source = new EventSource(`/api/runs/${encodeURIComponent(runId)}/events`);
    let frame = 0;
    const redraw = () => {
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        // Read by the dashboard once the charts have drawn: the browser's draw time per update.
        performance.mark("cosmo-update-start");
        setVersion(store.version);
        setDrawnAt(Date.now());
      });
    };
    source.onopen = () => setConnection("open");
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? "connecting" : "reconnecting");
    source.addEventListener("window", (e) => {
      const parsed = storedWindowSchema.safeParse(JSON.parse((e as MessageEvent<string>).data));
      if (!parsed.success) return;
      if (store.upsert(parsed.data) === "unchanged") return;
      setLastDataAt(Date.now());
      redraw();
    });
    source.addEventListener("caught-up", () => {
      setCaughtUp(true);
      redraw();
    });
    source.addEventListener("pipeline", (e) => setPipeline(JSON.parse((e as MessageEvent<string>).data) as PipelineStatus));
    return () => {
      source.close();
      cancelAnimationFrame(frame);
    };
  }, [runId, enabled, store]);

  return { store, version, connection, caughtUp, pipeline, lastDataAt, drawnAt };
}
