import { invalidFields, parseOrThrow } from "@/lib/api/validation";
import { assertMayChangeAdminFields, type ClusterActor } from "@/lib/clusters/authorise-cluster-change";
import { carrySecretReferences } from "@/lib/clusters/carry-secret-references";
import { clusterInputSchema, type ParsedClusterInput } from "@/lib/clusters/cluster-input";
import { clusterSpecSchema, type ClusterSpec } from "@/lib/clusters/cluster-spec";
import { localHostPathErrors } from "@/lib/clusters/local-host-paths";
import { localhostPreset } from "@/lib/clusters/presets";
import { secretReferenceErrors } from "@/lib/clusters/secret-references";

/**
 * The configuration as it will be stored, defaults filled in and omitted
 * secret references carried over from `current` (the stored or duplicated
 * spec); 403 when an operator changes an admin-only field, else 400 with every
 * problem and its field path.
 */
export async function validateClusterInput(input: unknown, actor: ClusterActor, current?: unknown): Promise<ParsedClusterInput> {
  const parsed = parseOrThrow(clusterInputSchema, input);
  const stored = current === undefined ? undefined : (clusterSpecSchema.safeParse(current).data ?? (current as ClusterSpec));
  const spec = stored ? carrySecretReferences(stored, parsed.spec) : parsed.spec;
  // A new configuration starts from what COSMO set up itself: this machine, its installation and home.
  assertMayChangeAdminFields(actor, stored ?? clusterSpecSchema.parse(localhostPreset().spec), spec);
  const problems = [...localHostPathErrors(spec, "spec"), ...(await secretReferenceErrors(spec, "spec"))];
  if (problems.length) throw invalidFields(problems);
  return { ...parsed, spec };
}
