import { z } from "zod";
import type { BufferState, Run, RunStatus } from "@/lib/generated/prisma/client";

/** Run.totals as the results consumer keeps it; a run with no window yet has `{}`. */
export const runTotalsSchema = z.object({
  windows: z.coerce.number().default(0),
  records: z.coerce.number().default(0),
  totalHits: z.coerce.number().default(0),
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
  };
}
