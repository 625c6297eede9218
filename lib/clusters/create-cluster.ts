import type { ActorName } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import type { ClusterInput } from "@/lib/clusters/cluster-input";
import { toCluster, type Cluster } from "@/lib/clusters/get-cluster-or-throw";
import { validateClusterInput } from "@/lib/clusters/validate-cluster-input";
import { db } from "@/lib/db";
import { conflictOnUnique } from "@/lib/db-errors";

/** Stores a new configuration, in state down; the name must be free. `copyOf` names the cluster it duplicates. */
export async function createCluster(input: ClusterInput, actor: ActorName, copyOf?: string): Promise<Cluster> {
  const { name, description, spec } = await validateClusterInput(input);
  const row = await conflictOnUnique(() => db.clusterConfig.create({ data: { name, description, spec } }), `a cluster named "${name}" already exists`);
  await recordAudit({ actor, action: copyOf ? "cluster.duplicated" : "cluster.created", target: { type: "cluster", id: row.id }, details: { name, ...(copyOf ? { copyOf } : {}) } });
  return toCluster(row);
}
