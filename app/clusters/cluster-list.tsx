"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { useClusters, usePresets } from "@/app/clusters/cluster-api";
import { ClusterRow } from "@/app/clusters/cluster-row";

function NewFromPreset() {
  const router = useRouter();
  const presets = usePresets();
  const [preset, setPreset] = useState("localhost");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    router.push(`/clusters/new?preset=${encodeURIComponent(preset)}`);
  };
  return (
    <form className="toolbar" onSubmit={submit}>
      <label>
        New cluster from the preset{" "}
        <select data-testid="preset" value={preset} onChange={(e) => setPreset(e.target.value)}>
          {(presets.data ?? []).map((p) => (
            <option key={p.name} value={p.name} title={p.description}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" data-testid="new-cluster" disabled={!presets.data}>
        Create…
      </button>
    </form>
  );
}

export function ClusterList() {
  const clusters = useClusters();
  return (
    <>
      <NewFromPreset />
      {clusters.isPending ? (
        <p className="muted">Loading clusters…</p>
      ) : clusters.error ? (
        <p className="state-unhealthy">{clusters.error.message}</p>
      ) : clusters.data.length === 0 ? (
        <p className="muted">No cluster yet: create one from a preset.</p>
      ) : (
        <table data-testid="clusters">
          <thead>
            <tr>
              <th>Cluster</th>
              <th>State</th>
              <th>Hosts</th>
              <th>Updated</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {clusters.data.map((c) => (
              <ClusterRow key={c.id} cluster={c} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
