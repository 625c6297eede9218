"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { clustersKey } from "@/app/clusters/cluster-api";
import { type ExecutionDoc, type RoutineName, routinesKey } from "@/app/clusters/routine-api";
import { apiFetch } from "@/lib/api/api-fetch";

const ROUTINES: { name: RoutineName; label: string; title: string }[] = [
  { name: "init", label: "Init", title: "start Kafka and Spark, create the topics" },
  { name: "run", label: "Run", title: "open a run: Spark job, consumer, buffer" },
  { name: "beat", label: "Beat", title: "heartbeat of every entity" },
  { name: "halt", label: "Halt", title: "stop the run and close it with its totals" },
  { name: "dismiss", label: "Dismiss", title: "stop the clusters" },
];

/** The original's five routines as buttons; run takes an optional name, prefix and rate, dismiss may delete the topics. */
export function RoutineButtons({ cluster, busy, onQueued }: { cluster: string; busy: boolean; onQueued: (e: ExecutionDoc) => void }) {
  const queryClient = useQueryClient();
  const [runName, setRunName] = useState("");
  const [prefix, setPrefix] = useState("");
  const [rate, setRate] = useState("");
  const [deleteTopics, setDeleteTopics] = useState(false);
  const request = useMutation({
    mutationFn: (routine: RoutineName) => {
      const params =
        routine === "run"
          ? { ...(runName ? { name: runName } : {}), ...(prefix ? { prefix } : {}), ...(rate ? { rate: Number(rate) } : {}) }
          : routine === "dismiss"
            ? { deleteTopics }
            : {};
      return apiFetch<{ execution: ExecutionDoc }>(`/api/clusters/${encodeURIComponent(cluster)}/routines/${routine}`, { method: "POST", body: params });
    },
    onSuccess: async ({ execution }) => {
      onQueued(execution);
      await queryClient.invalidateQueries({ queryKey: routinesKey(cluster) });
      await queryClient.invalidateQueries({ queryKey: clustersKey });
    },
  });
  return (
    <div className="routine-panel">
      <div className="row-actions">
        {ROUTINES.map((r) => (
          <button key={r.name} type="button" title={r.title} data-testid={`routine-${r.name}`} disabled={busy || request.isPending} onClick={() => request.mutate(r.name)} className={r.name === "dismiss" ? "danger" : r.name === "run" ? "primary" : undefined}>
            {r.label}
          </button>
        ))}
        {busy ? <span className="muted small">a routine is under way</span> : null}
      </div>
      <div className="row-actions small">
        <label className="check">
          run name <input data-testid="run-name" value={runName} onChange={(e) => setRunName(e.target.value)} placeholder="automatic" />
        </label>
        <label className="check">
          prefix <input data-testid="run-prefix" value={prefix} onChange={(e) => setPrefix(e.target.value)} placeholder="the cluster's" />
        </label>
        <label className="check">
          records/s <input data-testid="run-rate" value={rate} onChange={(e) => setRate(e.target.value)} placeholder="the cluster's" size={8} />
        </label>
        <label className="check">
          <input type="checkbox" checked={deleteTopics} onChange={(e) => setDeleteTopics(e.target.checked)} /> dismiss deletes the topics
        </label>
      </div>
      {request.error ? (
        <div className="error-banner" data-testid="routine-error">
          {request.error.message}
        </div>
      ) : null}
    </div>
  );
}
