import Link from "next/link";
import { formatInt } from "@/app/components/format";
import type { ReferenceSpec } from "@/app/runs/[id]/use-reference";
import type { RunHistograms } from "@/lib/runs/sum-run-histograms";

interface Props {
  spec: ReferenceSpec;
  histograms: RunHistograms | undefined;
  error: Error | null;
  shownOrbits: number;
  on: boolean;
  onChange: (on: boolean) => void;
}

/** Which reference the histograms are drawn against, how it is scaled, and the switch to hide it. */
export function ReferenceBar({ spec, histograms, error, shownOrbits, on, onChange }: Props) {
  const refOrbits = histograms?.aggregate.orbits ?? 0;
  const windows = histograms?.firstWindow === null || !histograms ? "no windows" : `windows ${histograms.firstWindow}–${histograms.lastWindow}`;
  return (
    <div className="strip" data-testid="reference-bar">
      <label>
        <input type="checkbox" checked={on} onChange={(e) => onChange(e.target.checked)} data-testid="reference-toggle" /> reference overlay
      </label>
      <span>
        reference <Link href={`/runs/${spec.runId}`} data-testid="reference-run">{spec.runId.slice(0, 8)}</Link> · {windows}
      </span>
      {error ? <span className="state-unhealthy">{error.message}</span> : null}
      {histograms ? (
        <span className="muted">
          <span data-testid="reference-orbits">{formatInt(refOrbits)}</span> orbits, normalised to <span data-testid="shown-orbits">{formatInt(shownOrbits)}</span> (×
          <span data-testid="reference-scale">{refOrbits > 0 ? (shownOrbits / refOrbits).toFixed(4) : "–"}</span>)
        </span>
      ) : null}
    </div>
  );
}
