import { recordAudit } from "@/lib/audit/record-audit";
import type { ClusterActor } from "@/lib/clusters/authorise-cluster-change";
import type { ClusterInput } from "@/lib/clusters/cluster-input";
import { getClusterRowOrThrow, toCluster, type Cluster } from "@/lib/clusters/get-cluster-or-throw";
import { validateClusterInput } from "@/lib/clusters/validate-cluster-input";
import { db } from "@/lib/db";
import { conflictOnUnique } from "@/lib/db-errors";
import { CosmoError } from "@/lib/errors";

/**
 * Replaces a configuration (its name included). Refused while a run is open:
 * halt must reach the hosts the run was started on.
 */
export async function updateCluster(idOrName: string, input: ClusterInput, actor: ClusterActor): Promise<Cluster> {
  const current = await getClusterRowOrThrow(idOrName);
  const { name, description, spec } = await validateClusterInput(input, actor, current.spec);
  // The state is checked in the same statement that writes, so a run opening meanwhile is not missed.
  const { count } = await conflictOnUnique(
    () => db.clusterConfig.updateMany({ where: { id: current.id, state: { not: "running" } }, data: { name, description, spec } }),
    `a cluster named "${name}" already exists`,
  );
  if (count === 0) {
    await getClusterRowOrThrow(current.id);
    throw new CosmoError("CONFLICT", `cluster "${current.name}" has a run open; halt it before changing its configuration`);
  }
  const before = current.spec as Record<string, unknown>;
  const changed = Object.keys({ ...before, ...spec }).filter((k) => JSON.stringify(before[k]) !== JSON.stringify((spec as Record<string, unknown>)[k]));
  const renamed = current.name !== name ? { renamedFrom: current.name } : {};
  await recordAudit({ actor, action: "cluster.updated", target: { type: "cluster", id: current.id }, details: { name, ...renamed, changed } });
  return toCluster(await getClusterRowOrThrow(current.id));
}
