import { fieldErrorsOf } from "@/lib/api/validation";
import { clusterSpecSchema, type ClusterSpec } from "@/lib/clusters/cluster-spec";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import type { ClusterConfig } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/is-uuid";

export type Cluster = Omit<ClusterConfig, "spec"> & { spec: ClusterSpec };

/** The stored row as it is, for changes that must work even when its spec no longer validates. */
export async function getClusterRowOrThrow(idOrName: string): Promise<ClusterConfig> {
  const row = await db.clusterConfig.findFirst({ where: isUuid(idOrName) ? { OR: [{ id: idOrName }, { name: idOrName }] } : { name: idOrName } });
  if (!row) throw new CosmoError("NOT_FOUND", `cluster "${idOrName}" not found`);
  return row;
}

/** A stored row with its spec parsed: everything that reads a configuration trusts this type. */
export function toCluster(row: ClusterConfig): Cluster {
  const spec = clusterSpecSchema.safeParse(row.spec);
  if (!spec.success) {
    const fields = fieldErrorsOf(spec.error).map((f) => `spec.${f.path}: ${f.message}`);
    throw new CosmoError("CONFLICT", `cluster "${row.name}" has a configuration that no longer validates; save a valid one over it (${fields.join("; ")})`);
  }
  return { ...row, spec: spec.data };
}

export async function getClusterOrThrow(idOrName: string): Promise<Cluster> {
  return toCluster(await getClusterRowOrThrow(idOrName));
}
