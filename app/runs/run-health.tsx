import type { RunListItem } from "@/lib/runs/run-list-item";

const badgeClass = { ok: "health-ok", degraded: "health-degraded", failed: "health-failed" } as const;

/** The run's health in one word; the reasons on hover. */
export function RunHealthBadge({ run }: { run: Pick<RunListItem, "health" | "healthDetail"> }) {
  return (
    <span className={`badge ${badgeClass[run.health]}`} data-testid="run-health" title={run.healthDetail.reasons.join("\n") || "every process works"}>
      {run.health}
    </span>
  );
}

/** Why a run is degraded or failed, its components' restarts, and what a closed run lost: said, never implied. */
export function RunHealthPanel({ run }: { run: Pick<RunListItem, "health" | "healthDetail" | "totals"> }) {
  const restarted = run.healthDetail.components.filter((c) => c.restarts > 0);
  if (run.health === "ok" && restarted.length === 0 && !run.totals.loss) return null;
  return (
    <div className={`health-panel ${badgeClass[run.health]}`} data-testid="run-health-panel">
      {run.healthDetail.error ? <p data-testid="run-health-error">failed: {run.healthDetail.error}</p> : null}
      {run.healthDetail.reasons.length > 0 ? (
        <ul data-testid="run-health-reasons">
          {run.healthDetail.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : null}
      {restarted.length > 0 ? (
        <p className="muted" data-testid="run-restarts">
          restarts: {restarted.map((c) => `${c.name} ${c.restarts}`).join(", ")}
        </p>
      ) : null}
      {run.totals.loss ? <p data-testid="run-loss">lost: {run.totals.loss}</p> : null}
    </div>
  );
}
