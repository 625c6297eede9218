import { z } from "zod";
import { getClusterOrThrow } from "@/lib/clusters/get-cluster-or-throw";
import { db } from "@/lib/db";

export const routineListQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

/** A cluster's routine history, newest first. */
export async function listRoutineExecutions(cluster: string, limit = 50) {
  const { id } = await getClusterOrThrow(cluster);
  return db.routineExecution.findMany({ where: { clusterId: id }, orderBy: { createdAt: "desc" }, take: Math.min(Math.max(limit, 1), 500) });
}
