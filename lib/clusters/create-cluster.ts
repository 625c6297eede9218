import { recordAudit } from "@/lib/audit/record-audit";
import type { ClusterActor } from "@/lib/clusters/authorise-cluster-change";
import type { ClusterInput } from "@/lib/clusters/cluster-input";
import { toCluster, type Cluster } from "@/lib/clusters/get-cluster-or-throw";
import { validateClusterInput } from "@/lib/clusters/validate-cluster-input";
import { db } from "@/lib/db";
import { conflictOnUnique } from "@/lib/db-errors";

/**
 * Stores a new configuration, in state down; the name must be free. `copyOf`
 * is the cluster it duplicates: its spec is what the admin-only fields are
 * compared with (an operator's copy keeps them as they are).
 */
export async function createCluster(input: ClusterInput, actor: ClusterActor, copyOf?: { name: string; spec: unknown }): Promise<Cluster> {
  const { name, description, spec } = await validateClusterInput(input, actor, copyOf?.spec);
  const row = await conflictOnUnique(() => db.clusterConfig.create({ data: { name, description, spec } }), `a cluster named "${name}" already exists`);
  await recordAudit({ actor, action: copyOf ? "cluster.duplicated" : "cluster.created", target: { type: "cluster", id: row.id }, details: { name, ...(copyOf ? { copyOf: copyOf.name } : {}) } });
  return toCluster(row);
}
