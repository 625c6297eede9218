"use client";

import { useRouter } from "next/navigation";
import { formatInt } from "@/app/components/format";
import { RunPicker } from "@/app/compare/run-picker";
import type { RunSummary } from "@/lib/runs/get-run-summary";

/**
 * The run's stored windows as a JSON Lines file (streamed by the API whatever
 * the run's size), a comparison with another run, and another run to draw
 * over the histograms instead of the run's own reference.
 */
export function RunExports({ run, overlayRunId }: { run: RunSummary; overlayRunId: string | null }) {
  const router = useRouter();
  return (
    <p className="run-meta">
      <a href={`/api/runs/${run.id}/windows.jsonl`} download={`run-${run.id}-windows.jsonl`} data-testid="export-windows">
        Download the windows (JSON Lines)
      </a>
      <span className="muted">
        <span data-testid="windows-stored">{formatInt(run.totals.windows)}</span> windows stored
      </span>
      <a href={`/compare?a=${run.id}`} data-testid="compare-with">
        Compare with another run
      </a>
      <RunPicker label="Overlay" value={overlayRunId} onChange={(id) => router.replace(id ? `/runs/${run.id}?reference=${id}` : `/runs/${run.id}`)} testId="overlay-run" none="the run's reference" />
    </p>
  );
}
