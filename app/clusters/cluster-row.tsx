"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { clusterPath, clustersKey, type ClusterRow as Row } from "@/app/clusters/cluster-api";
import { apiFetch } from "@/lib/api/api-fetch";

/** One configuration in the list, with its duplicate and delete actions (each asks once more before acting). */
export function ClusterRow({ cluster }: { cluster: Row }) {
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<"idle" | "duplicate" | "delete">("idle");
  const [copyName, setCopyName] = useState(`${cluster.name}-copy`);
  const done = async () => {
    setMode("idle");
    await queryClient.invalidateQueries({ queryKey: clustersKey });
  };
  const duplicate = useMutation({ mutationFn: () => apiFetch(`${clusterPath(cluster.name)}/duplicate`, { method: "POST", body: { name: copyName } }), onSuccess: done });
  const remove = useMutation({ mutationFn: () => apiFetch(clusterPath(cluster.name), { method: "DELETE" }), onSuccess: done });
  const error = duplicate.error ?? remove.error;
  const cancel = () => {
    setMode("idle");
    duplicate.reset();
    remove.reset();
  };

  const submitCopy = (e: FormEvent) => {
    e.preventDefault();
    duplicate.mutate();
  };

  return (
    <tr data-testid={`cluster-${cluster.name}`}>
      <td>
        <Link href={`/clusters/${encodeURIComponent(cluster.name)}`}>{cluster.name}</Link>
        {cluster.description ? <div className="muted small">{cluster.description}</div> : null}
      </td>
      <td className={`state state-cluster-${cluster.state}`} data-testid="state">
        {cluster.state}
      </td>
      <td>
        {cluster.hosts.map((h) => (
          <div key={h.name} className="small">
            {h.name} <span className="muted">({h.address}): {h.roles.join(", ")}</span>
          </div>
        ))}
      </td>
      <td className="muted small">{new Date(cluster.updatedAt).toLocaleString()}</td>
      <td>
        <div className="row-actions">
          <Link href={`/clusters/${encodeURIComponent(cluster.name)}/edit`}>Edit</Link>
          {mode === "duplicate" ? (
            <form onSubmit={submitCopy} className="inline">
              <input aria-label="Name of the copy" data-testid="copy-name" value={copyName} onChange={(e) => setCopyName(e.target.value)} />
              <button type="submit" data-testid="copy-confirm" disabled={duplicate.isPending}>
                Copy
              </button>
              <button type="button" className="link" onClick={cancel}>
                Cancel
              </button>
            </form>
          ) : mode === "delete" ? (
            <span className="inline">
              <button type="button" className="danger" data-testid="delete-confirm" disabled={remove.isPending} onClick={() => remove.mutate()}>
                Delete {cluster.name}
              </button>
              <button type="button" className="link" onClick={cancel}>
                Cancel
              </button>
            </span>
          ) : (
            <>
              <button type="button" className="link" data-testid="duplicate" onClick={() => setMode("duplicate")}>
                Duplicate
              </button>
              <button type="button" className="link" data-testid="delete" onClick={() => setMode("delete")}>
                Delete
              </button>
            </>
          )}
        </div>
        {error ? (
          <div className="field-errors" data-testid="row-error">
            {error.message}
          </div>
        ) : null}
      </td>
    </tr>
  );
}
