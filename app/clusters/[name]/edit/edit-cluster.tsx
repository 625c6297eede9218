"use client";

import Link from "next/link";
import { clusterPath, useCluster } from "@/app/clusters/cluster-api";
import { ClusterForm } from "@/app/clusters/cluster-form";
import { apiFetch } from "@/lib/api/api-fetch";

export function EditCluster({ name }: { name: string }) {
  const cluster = useCluster(name);
  if (cluster.isPending) return <p className="muted">Loading…</p>;
  if (cluster.error) return <p className="state-unhealthy">{cluster.error.message}</p>;
  return (
    <>
      <p>
        <Link href={`/clusters/${encodeURIComponent(name)}`}>{name}</Link> <span className={`state state-cluster-${cluster.data.state}`}>{cluster.data.state}</span>
      </p>
      <ClusterForm initial={cluster.data} submitLabel="Save changes" save={(body) => apiFetch(clusterPath(name), { method: "PUT", body })} />
    </>
  );
}
