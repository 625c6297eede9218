"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { AuditTable } from "@/app/admin/audit/audit-table";
import { apiFetch } from "@/lib/api/api-fetch";
import type { AuditEventView } from "@/lib/audit/list-audit-events";

const filterNames = ["targetType", "targetId", "actor", "action"] as const;
type Filters = Record<(typeof filterNames)[number], string>;

/** The audit log with its filters in the URL, so a filtered view can be linked to (a run's events, a user's actions). */
export function AuditLog() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const applied = Object.fromEntries(filterNames.map((n) => [n, params.get(n) ?? ""])) as Filters;
  const [draft, setDraft] = useState<Filters>(applied);
  const query = new URLSearchParams(Object.entries(applied).filter(([, v]) => v)).toString();
  const events = useQuery({ queryKey: ["audit", query], queryFn: () => apiFetch<{ events: AuditEventView[] }>(`/api/audit?${query}`).then((r) => r.events) });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams(Object.entries(draft).filter(([, v]) => v.trim()));
    router.replace(`${pathname}?${next.toString()}`);
  };

  return (
    <>
      <form className="filters" onSubmit={submit}>
        <label className="field">
          <span>Target type</span>
          <select data-testid="filter-targetType" value={draft.targetType} onChange={(e) => setDraft({ ...draft, targetType: e.target.value })}>
            <option value="">any</option>
            {["cluster", "secret", "routine", "run", "user", "token"].map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </label>
        {(["targetId", "actor", "action"] as const).map((name) => (
          <label className="field" key={name}>
            <span>{name === "targetId" ? "Target id" : name === "actor" ? "Actor" : "Action (or domain)"}</span>
            <input data-testid={`filter-${name}`} value={draft[name]} onChange={(e) => setDraft({ ...draft, [name]: e.target.value })} />
          </label>
        ))}
        <button type="submit" className="primary" data-testid="apply-filters">
          Filter
        </button>
      </form>
      {events.isPending ? (
        <p className="muted">Loading events…</p>
      ) : events.error ? (
        <p className="state-unhealthy">{events.error.message}</p>
      ) : events.data.length === 0 ? (
        <p className="muted">No event matches.</p>
      ) : (
        <AuditTable events={events.data} />
      )}
    </>
  );
}
