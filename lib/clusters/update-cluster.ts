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
export async function updateCluster(idOrName: string, input: ClusterInput): Promise<Cluster> {
  const current = await getClusterRowOrThrow(idOrName);
  const { name, description, spec } = await validateClusterInput(input);
  // The state is checked in the same statement that writes, so a run opening meanwhile is not missed.
  const { count } = await conflictOnUnique(
    () => db.clusterConfig.updateMany({ where: { id: current.id, state: { not: "running" } }, data: { name, description, spec } }),
    `a cluster named "${name}" already exists`,
  );
  if (count === 0) {
    await getClusterRowOrThrow(current.id);
    throw new CosmoError("CONFLICT", `cluster "${current.name}" has a run open; halt it before changing its configuration`);
  }
  return toCluster(await getClusterRowOrThrow(current.id));
}
