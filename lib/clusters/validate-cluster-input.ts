import { invalidFields, parseOrThrow } from "@/lib/api/validation";
import { clusterInputSchema, type ParsedClusterInput } from "@/lib/clusters/cluster-input";
import { secretReferenceErrors } from "@/lib/clusters/secret-references";

/** The configuration as it will be stored, defaults filled in, or every problem with its field path. */
export async function validateClusterInput(input: unknown): Promise<ParsedClusterInput> {
  const parsed = parseOrThrow(clusterInputSchema, input);
  const missing = await secretReferenceErrors(parsed.spec, "spec");
  if (missing.length) throw invalidFields(missing);
  return parsed;
}
