import { type ClusterSpec, clusterSpecSchema } from "@/lib/clusters/cluster-spec";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import type { ClusterConfig } from "@/lib/generated/prisma/client";

export type Cluster = Omit<ClusterConfig, "spec"> & { spec: ClusterSpec };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A cluster by id or name, its spec parsed (stored specs were validated on the way in). */
export async function getClusterOrThrow(idOrName: string): Promise<Cluster> {
  const row = await db.clusterConfig.findFirst({ where: UUID.test(idOrName) ? { id: idOrName } : { name: idOrName } });
  if (!row) throw new CosmoError("NOT_FOUND", `cluster ${idOrName} not found`);
  return { ...row, spec: clusterSpecSchema.parse(row.spec) };
}
