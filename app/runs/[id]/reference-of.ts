import type { ReferenceSpec } from "@/app/runs/[id]/use-reference";
import type { RunSummary } from "@/lib/runs/get-run-summary";

/**
 * What a run's histograms are drawn against: a run named in the page's URL
 * (`?reference=RUN`, the whole run), else the cluster's reference frozen into
 * the run when it started (`reference` of the run summary; absent: none).
 */
export function referenceOf(run: RunSummary, overlayRunId: string | null): ReferenceSpec | null {
  if (overlayRunId) return { runId: overlayRunId, fromWindow: null, toWindow: null };
  return run.reference;
}
