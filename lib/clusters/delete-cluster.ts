import type { ActorName } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { getClusterRowOrThrow } from "@/lib/clusters/get-cluster-or-throw";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";

const active = { status: { in: ["queued" as const, "running" as const] } };

/**
 * Deletes a configuration; its runs stay in the history without it. Refused
 * while a run is open or a routine is queued or running on it, checked in the
 * deleting statement itself.
 */
export async function deleteCluster(idOrName: string, actor: ActorName): Promise<void> {
  const cluster = await getClusterRowOrThrow(idOrName);
  const { count } = await db.clusterConfig.deleteMany({ where: { id: cluster.id, state: { not: "running" }, routines: { none: active } } });
  if (count > 0) return recordAudit({ actor, action: "cluster.deleted", target: { type: "cluster", id: cluster.id }, details: { name: cluster.name } });
  const now = await getClusterRowOrThrow(cluster.id);
  if (now.state === "running") throw new CosmoError("CONFLICT", `cluster "${now.name}" has a run open; halt it before deleting the cluster`);
  throw new CosmoError("CONFLICT", `cluster "${now.name}" has a routine in progress; wait for it to end before deleting the cluster`);
}
