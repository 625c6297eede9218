import { z } from "zod";
import { db } from "@/lib/db";
import { detectorConfigSchema } from "@/lib/detector/config";
import type { Prisma } from "@/lib/generated/prisma/client";
import { queryDate } from "@/lib/runs/list-runs";
import { sumRunHistograms } from "@/lib/runs/sum-run-histograms";
import { chamberQuantities, type ChamberQuantities } from "@/lib/trends/chamber-quantities";

export const MAX_TREND_RUNS = 100;

/** Which runs: of a cluster, created in a date range; the newest `limit` of them, drawn oldest first. */
export const runsTrendQuerySchema = z
  .object({
    clusterId: z.uuid({ message: "expected a cluster id (uuid)" }).optional(),
    from: queryDate.optional(),
    to: queryDate.optional(),
    limit: z.coerce.number({ message: "expected a number" }).int("expected a whole number").min(1, "expected at least 1").max(MAX_TREND_RUNS, `expected at most ${MAX_TREND_RUNS}`).default(30),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "expected a date after from", path: ["to"] });

export type RunsTrendQuery = z.infer<typeof runsTrendQuerySchema>;

export interface RunsTrendPoint {
  runId: string;
  name: string;
  clusterName: string | null;
  createdAt: string;
  windows: number;
  chambers: ChamberQuantities[];
}

/**
 * Run by run, each run's quantities over all its windows, oldest run first.
 * Each run is summed on the server a page of windows at a time; only runs
 * with windows are points.
 */
export async function runsTrend(query: RunsTrendQuery): Promise<{ runs: RunsTrendPoint[] }> {
  const where: Prisma.RunWhereInput = {
    clusterId: query.clusterId,
    createdAt: { gte: query.from, lte: query.to },
    windows: { some: {} },
  };
  const runs = await db.run.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: query.limit, include: { cluster: { select: { name: true } } } });
  const points: RunsTrendPoint[] = [];
  for (const run of runs.reverse()) {
    const { aggregate: agg } = await sumRunHistograms(run.id, {});
    points.push({
      runId: run.id,
      name: run.name,
      clusterName: run.cluster?.name ?? null,
      createdAt: run.createdAt.toISOString(),
      windows: agg.windows,
      chambers: chamberQuantities(agg, detectorConfigSchema.parse(run.detector).chambers.length),
    });
  }
  return { runs: points };
}
