"use client";

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { AlarmCells, AlarmHead } from "@/app/alarms/alarm-rows";
import { fetchJson } from "@/app/components/fetch-json";
import { formatDateTime } from "@/app/components/format";
import type { AlarmView } from "@/lib/alarms/alarm-view";
import type { AlarmPage } from "@/lib/alarms/list-alarms";
import { apiFetch } from "@/lib/api/api-fetch";
import type { Actor } from "@/lib/auth/actor";
import { hasRole } from "@/lib/auth/roles";

function AcknowledgeButton({ alarm, onError }: { alarm: AlarmView; onError: (message: string) => void }) {
  const client = useQueryClient();
  const acknowledge = useMutation({
    mutationFn: () => apiFetch(`/api/alarms/${alarm.id}/acknowledge`, { method: "POST" }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["alarms"] }),
    onError: (e) => onError(e.message),
  });
  return (
    <button type="button" data-testid="acknowledge" disabled={acknowledge.isPending} onClick={() => acknowledge.mutate()}>
      Acknowledge
    </button>
  );
}

function ActiveAlarms({ canAcknowledge }: { canAcknowledge: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const active = useQuery({ queryKey: ["alarms", "active"], queryFn: () => fetchJson<AlarmPage>("/api/alarms?state=active&limit=200"), refetchInterval: 2000 });
  if (active.isPending) return <p className="muted">Loading alarms…</p>;
  if (active.error) return <p className="state-unhealthy">{active.error.message}</p>;
  if (!active.data.alarms.length) return <p className="muted" data-testid="no-active-alarms">No active alarm.</p>;
  return (
    <>
      {error ? <p className="error-banner">{error}</p> : null}
      <table data-testid="active-alarms">
        <AlarmHead more={["Last seen", "Acknowledged"]} />
        <tbody>
          {active.data.alarms.map((a) => (
            <tr key={a.id} data-testid={`alarm-${a.id}`}>
              <AlarmCells alarm={a} />
              <td>{formatDateTime(a.lastSeenAt)}</td>
              <td data-testid="alarm-acknowledged">
                {a.acknowledgedBy ? `by ${a.acknowledgedBy}` : canAcknowledge ? <AcknowledgeButton alarm={a} onError={setError} /> : "not yet"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function AlarmHistory() {
  const history = useInfiniteQuery({
    queryKey: ["alarms", "cleared"],
    queryFn: ({ pageParam }) => fetchJson<AlarmPage>(`/api/alarms?state=cleared&limit=25${pageParam ? `&cursor=${pageParam}` : ""}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 5000,
  });
  const rows = useMemo(() => history.data?.pages.flatMap((p) => p.alarms) ?? [], [history.data]);
  if (history.isPending) return <p className="muted">Loading the history…</p>;
  if (history.error) return <p className="state-unhealthy">{history.error.message}</p>;
  if (!rows.length) return <p className="muted">No cleared alarm yet.</p>;
  return (
    <>
      <table data-testid="alarm-history">
        <AlarmHead more={["Cleared", "Acknowledged"]} />
        <tbody>
          {rows.map((a) => (
            <tr key={a.id} data-testid={`alarm-${a.id}`}>
              <AlarmCells alarm={a} />
              <td>{formatDateTime(a.clearedAt)}</td>
              <td>{a.acknowledgedBy ? `by ${a.acknowledgedBy}` : "–"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {history.hasNextPage ? (
        <button type="button" onClick={() => void history.fetchNextPage()} disabled={history.isFetchingNextPage} data-testid="older-alarms">
          Older alarms
        </button>
      ) : null}
    </>
  );
}

/** Active alarms (acknowledged here by operators), then the cleared ones, newest first. */
export function AlarmsPanel() {
  const me = useQuery({ queryKey: ["session"], queryFn: () => apiFetch<{ actor: Actor }>("/api/session").then((r) => r.actor) });
  return (
    <>
      <h2>Active</h2>
      <ActiveAlarms canAcknowledge={!!me.data && hasRole(me.data.role, "operator")} />
      <h2>History</h2>
      <AlarmHistory />
    </>
  );
}
