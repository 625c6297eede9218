import { formatInt } from "@/app/components/format";
import type { RunSummary } from "@/lib/runs/get-run-summary";

/** The run's stored windows as a JSON Lines file, streamed by the API whatever the run's size. */
export function RunExports({ run }: { run: RunSummary }) {
  return (
    <p className="run-meta">
      <a href={`/api/runs/${run.id}/windows.jsonl`} download={`run-${run.id}-windows.jsonl`} data-testid="export-windows">
        Download the windows (JSON Lines)
      </a>
      <span className="muted"><span data-testid="windows-stored">{formatInt(run.totals.windows)}</span> windows stored</span>
      <a href={`/compare?a=${run.id}`} data-testid="compare-with">
        Compare with another run
      </a>
    </p>
  );
}
