"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/lib/api/api-fetch";
import type { Actor } from "@/lib/auth/actor";
import { hasRole } from "@/lib/auth/roles";
import type { ReferenceMarkView } from "@/lib/quality/reference-marks";

const windowOrNull = (s: string) => (s.trim() === "" ? null : Number(s));

/** "Mark as reference": operators make this run (or a window range of it) its cluster's reference. */
export function MarkReference({ runId, clusterName }: { runId: string; clusterName: string | null }) {
  const client = useQueryClient();
  const me = useQuery({ queryKey: ["session"], queryFn: () => apiFetch<{ actor: Actor }>("/api/session").then((r) => r.actor) });
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const mark = useMutation({
    mutationFn: () =>
      apiFetch<ReferenceMarkView>(`/api/runs/${encodeURIComponent(runId)}/reference`, { method: "POST", body: { fromWindow: windowOrNull(from), toWindow: windowOrNull(to) } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["run", runId] }),
  });
  if (!clusterName || !me.data || !hasRole(me.data.role, "operator")) return null;
  return (
    <form
      className="mark-reference"
      data-testid="mark-reference"
      onSubmit={(e) => {
        e.preventDefault();
        mark.mutate();
      }}
    >
      <label>
        from window <input value={from} onChange={(e) => setFrom(e.target.value)} inputMode="numeric" size={9} placeholder="first" data-testid="reference-from" />
      </label>{" "}
      <label>
        to <input value={to} onChange={(e) => setTo(e.target.value)} inputMode="numeric" size={9} placeholder="last" data-testid="reference-to" />
      </label>{" "}
      <button type="submit" disabled={mark.isPending} data-testid="mark-reference-button">
        Mark as reference
      </button>{" "}
      {mark.data ? (
        <span className="state-healthy" data-testid="reference-marked">
          the reference of {clusterName} from now on ({mark.data.windows} windows)
        </span>
      ) : null}
      {mark.error ? <span className="state-unhealthy">{mark.error.message}</span> : null}
    </form>
  );
}
