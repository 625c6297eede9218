import type { ClusterActor } from "@/lib/clusters/authorise-cluster-change";
import type { DuplicateInput } from "@/lib/clusters/cluster-input";
import { duplicateInputSchema } from "@/lib/clusters/cluster-input";
import { createCluster } from "@/lib/clusters/create-cluster";
import { getClusterRowOrThrow, type Cluster } from "@/lib/clusters/get-cluster-or-throw";
import { parseOrThrow } from "@/lib/api/validation";

/** A copy under a new name, in state down: a starting point for a variant (another rate, more workers). */
export async function duplicateCluster(idOrName: string, input: DuplicateInput, actor: ClusterActor): Promise<Cluster> {
  const { name, description } = parseOrThrow(duplicateInputSchema, input);
  const source = await getClusterRowOrThrow(idOrName);
  return createCluster({ name, description: description ?? source.description, spec: source.spec as Cluster["spec"] }, actor, { name: source.name, spec: source.spec });
}
