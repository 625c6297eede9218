import { z } from "zod";
import { db } from "@/lib/db";
import type { ClusterConfig } from "@/lib/generated/prisma/client";

export type ClusterSummary = Omit<ClusterConfig, "spec"> & { hosts: { name: string; address: string; roles: string[] }[] };

// Lenient on purpose: the list must show a configuration even when its spec no longer validates.
const hostsOf = z.object({ hosts: z.array(z.object({ name: z.string(), address: z.string(), roles: z.array(z.string()) })) });

export async function listClusters(): Promise<ClusterSummary[]> {
  const rows = await db.clusterConfig.findMany({ orderBy: { name: "asc" } });
  return rows.map(({ spec, ...row }) => {
    const parsed = hostsOf.safeParse(spec);
    return { ...row, hosts: parsed.success ? parsed.data.hosts.map(({ name, address, roles }) => ({ name, address, roles })) : [] };
  });
}
