"use client";

import { keepPreviousData, useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useMemo, useState } from "react";
import { DayRangeFields, setDayRange } from "@/app/components/date-range";
import { fetchJson } from "@/app/components/fetch-json";
import { formatDateTime, formatInt } from "@/app/components/format";
import { QualityFlagBadge } from "@/app/components/quality-flag";
import { RunHealthBadge } from "@/app/runs/run-health";
import { CompareSelection, useCompareSelection } from "@/app/runs/compare-selection";
import type { RunPage } from "@/lib/runs/list-runs";

const STATUSES = ["pending", "running", "halted", "failed", "completed"] as const;

interface Filters {
  clusterId: string;
  startedBy: string;
  status: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { clusterId: "", startedBy: "", status: "", from: "", to: "" };

function queryString(f: Filters, cursor: string | null): string {
  const q = new URLSearchParams();
  if (f.clusterId) q.set("clusterId", f.clusterId);
  if (f.startedBy) q.set("startedBy", f.startedBy);
  if (f.status) q.set("status", f.status);
  setDayRange(q, f.from, f.to);
  if (cursor) q.set("cursor", cursor);
  q.set("limit", "25");
  return q.toString();
}

/** The run history: filter by cluster, user, status and date; newest first, a page at a time. */
export function RunHistory() {
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const runs = useInfiniteQuery({
    queryKey: ["runs", filters],
    queryFn: ({ pageParam }) => fetchJson<RunPage>(`/api/runs?${queryString(filters, pageParam)}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // The table stays while another filter's runs load.
    placeholderData: keepPreviousData,
    refetchInterval: 5000,
  });
  const rows = useMemo(() => runs.data?.pages.flatMap((p) => p.runs) ?? [], [runs.data]);
  // Clusters offered are those of the runs listed (the one filtered on among them).
  const clusters = useMemo(() => new Map(rows.filter((r) => r.clusterId).map((r) => [r.clusterId!, r.clusterName ?? r.clusterId!])), [rows]);

  const compare = useCompareSelection();
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => setFilters({ ...filters, [key]: e.target.value });

  return (
    <>
      <form className="filters" onSubmit={(e) => e.preventDefault()} data-testid="run-filters">
        <label>
          Cluster
          <select value={filters.clusterId} onChange={set("clusterId")} data-testid="filter-cluster">
            <option value="">any</option>
            {[...clusters].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Started by
          <input value={filters.startedBy} onChange={set("startedBy")} placeholder="user" data-testid="filter-user" />
        </label>
        <label>
          Status
          <select value={filters.status} onChange={set("status")} data-testid="filter-status">
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <DayRangeFields from={filters.from} to={filters.to} onFrom={set("from")} onTo={set("to")} testIdPrefix="filter" />
        <button type="button" onClick={() => setFilters(NO_FILTERS)}>
          Clear
        </button>
      </form>
      <CompareSelection selection={compare} />
      {runs.error ? <p className="state-unhealthy">{runs.error.message}</p> : null}
      {runs.isPending ? <p className="muted">Loading runs…</p> : null}
      {runs.data && rows.length === 0 ? <p className="muted" data-testid="no-runs">No run matches.</p> : null}
      {rows.length > 0 ? (
        <table data-testid="runs-table">
          <thead>
            <tr>
              <th aria-label="compare" />
              <th>Run</th>
              <th>Status</th>
              <th>Health</th>
              <th>Quality</th>
              <th>Cluster</th>
              <th>Started by</th>
              <th>Created</th>
              <th className="num">Windows</th>
              <th className="num">Records</th>
              <th className="num">Chamber hits</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid={`run-row-${r.id}`}>
                <td>
                  <input type="checkbox" checked={compare.selected.includes(r.id)} onChange={() => compare.toggle(r.id)} aria-label={`compare ${r.name}`} data-testid="compare-select" />
                </td>
                <td>
                  <Link href={`/runs/${r.id}`} data-testid="run-link">
                    {r.name}
                  </Link>
                </td>
                <td>
                  <span className={`badge run-${r.status}`} data-testid="run-status">
                    {r.status}
                  </span>
                </td>
                <td>
                  <RunHealthBadge run={r} />
                  {r.totals.loss ? (
                    <span className="badge health-failed" data-testid="run-loss" title={r.totals.loss}>
                      loss
                    </span>
                  ) : null}
                </td>
                <td>
                  <QualityFlagBadge flag={r.worstFlag} labelled />
                </td>
                <td>{r.clusterName ?? "–"}</td>
                <td>{r.startedBy || "–"}</td>
                <td>{formatDateTime(r.createdAt)}</td>
                <td className="num" data-testid="run-windows">
                  {formatInt(r.totals.windows)}
                </td>
                <td className="num" data-testid="run-records">
                  {formatInt(r.totals.records)}
                </td>
                <td className="num" data-testid="run-hits">
                  {formatInt(r.totals.totalHits)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {runs.hasNextPage ? (
        <p>
          <button type="button" onClick={() => void runs.fetchNextPage()} disabled={runs.isFetchingNextPage} data-testid="load-more">
            {runs.isFetchingNextPage ? "Loading…" : "Older runs"}
          </button>
        </p>
      ) : null}
    </>
  );
}
