"use client";

import { useQuery } from "@tanstack/react-query";
import { AuditTable } from "@/app/admin/audit/audit-table";
import { apiFetch } from "@/lib/api/api-fetch";
import type { AuditEventView } from "@/lib/audit/list-audit-events";

/** Who started, halted or failed this run, and when (the audit log's events for it). */
export function RunActivity({ runId, live }: { runId: string; live: boolean }) {
  const events = useQuery({
    queryKey: ["audit", "run", runId],
    queryFn: () => apiFetch<{ events: AuditEventView[] }>(`/api/audit?targetType=run&targetId=${encodeURIComponent(runId)}`).then((r) => r.events),
    refetchInterval: live ? 10_000 : false,
  });
  return (
    <section className="panel" data-testid="run-activity">
      <h3>Activity</h3>
      {events.isPending ? (
        <p className="muted">Loading…</p>
      ) : events.error ? (
        <p className="state-unhealthy">{events.error.message}</p>
      ) : events.data.length === 0 ? (
        <p className="muted">Nothing recorded yet.</p>
      ) : (
        <AuditTable events={events.data} showTarget={false} />
      )}
    </section>
  );
}
