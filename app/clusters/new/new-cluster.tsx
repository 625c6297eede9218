"use client";

import Link from "next/link";
import { usePresets } from "@/app/clusters/cluster-api";
import { ClusterForm } from "@/app/clusters/cluster-form";
import { apiFetch } from "@/lib/api/api-fetch";

/** A new configuration starts from a preset's values under a name of its own. */
export function NewCluster({ preset }: { preset: string }) {
  const presets = usePresets();
  if (presets.isPending) return <p className="muted">Loading presets…</p>;
  if (presets.error) return <p className="state-unhealthy">{presets.error.message}</p>;
  const template = presets.data.find((p) => p.name === preset);
  if (!template) return <p className="state-unhealthy">No preset named “{preset}”. <Link href="/clusters">Back to the clusters</Link></p>;
  return (
    <>
      <p className="muted">From the {template.name} preset: {template.description}</p>
      <ClusterForm
        initial={{ ...template, name: "" }}
        submitLabel="Create cluster"
        save={(body) => apiFetch("/api/clusters", { method: "POST", body })}
      />
    </>
  );
}
