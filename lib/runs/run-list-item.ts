import { z } from "zod";
import type { BufferState, QualityFlag, Run, RunHealth, RunStatus } from "@/lib/generated/prisma/client";
import { readHealthDetail } from "@/lib/runs/health-detail";

/** Run.totals as the results consumer keeps it; a run with no window yet has `{}`. */
export const runTotalsSchema = z.object({
  windows: z.coerce.number().default(0),
  records: z.coerce.number().default(0),
  totalHits: z.coerce.number().default(0),
  /** Set when the run closes (lib/runs/run-accounting.ts): records the buffer sent, the Spark job processed and the consumer stored. */
  sent: z.coerce.number().nullable().default(null),
  processed: z.coerce.number().nullable().default(null),
  stored: z.coerce.number().nullable().default(null),
  /** What was lost, in words; null when nothing was (or the run is still open). */
  loss: z.string().nullable().default(null),
});

export type RunTotals = z.infer<typeof runTotalsSchema>;

/** A run as the history lists it: plain JSON, dates as ISO strings. */
export interface RunListItem {
  id: string;
  name: string;
  status: RunStatus;
  clusterId: string | null;
  clusterName: string | null;
  startedBy: string;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  totals: RunTotals;
  bufferState: BufferState | null;
  /** The supervisor's verdict: ok, degraded (see healthDetail.reasons) or failed (healthDetail.error). */
  health: RunHealth;
  healthDetail: RunHealthView;
  /** The worst data-quality flag of any window so far (lib/quality/); null before the first check. */
  worstFlag: QualityFlag | null;
}

/** The run's health for people and scripts: each component's state and restarts, and why it is not ok. */
export interface RunHealthView {
  checkedAt: string | null;
  reasons: string[];
  error: string | null;
  components: { name: string; state: string; restarts: number; lastError: string | null }[];
}

export function toRunHealthView(json: unknown): RunHealthView {
  const detail = readHealthDetail(json);
  return {
    checkedAt: detail.checkedAt,
    reasons: detail.reasons,
    error: detail.error,
    components: Object.entries(detail.components).map(([name, c]) => ({ name, state: c.state, restarts: c.restarts, lastError: c.lastError })),
  };
}

type RunWithRelations = Run & { cluster?: { name: string } | null; buffer?: { state: BufferState } | null };

export function toRunListItem(run: RunWithRelations): RunListItem {
  return {
    id: run.id,
    name: run.name,
    status: run.status,
    clusterId: run.clusterId,
    clusterName: run.cluster?.name ?? null,
    startedBy: run.startedBy,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    endedAt: run.endedAt?.toISOString() ?? null,
    totals: runTotalsSchema.parse(run.totals ?? {}),
    bufferState: run.buffer?.state ?? null,
    health: run.health,
    healthDetail: toRunHealthView(run.healthDetail),
    worstFlag: run.worstFlag ?? null,
  };
}
