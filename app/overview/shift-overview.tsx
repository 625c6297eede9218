"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { ReactNode } from "react";
import { fetchJson } from "@/app/components/fetch-json";
import { formatDateTime, formatInt, formatRate } from "@/app/components/format";
import { QualityFlagBadge } from "@/app/components/quality-flag";
import { useNow } from "@/app/components/use-now";
import { RunHealthBadge } from "@/app/runs/run-health";
import type { ShiftOverview as Overview } from "@/lib/overview/get-shift-overview";

const REFRESH_MS = 2000;

const age = (iso: string | null, now: number) => (iso ? `${Math.max(0, Math.round((now - Date.parse(iso)) / 1000))} s ago` : "–");

/** A run's row: its link first, its worst quality flag last. */
function RunRow({ run, testId, children }: { run: { id: string; name: string; worstFlag: string | null }; testId: string; children: ReactNode }) {
  return (
    <tr data-testid={testId}>
      <td>
        <Link href={`/runs/${run.id}`}>{run.name}</Link>
      </td>
      {children}
      <td>
        <QualityFlagBadge flag={run.worstFlag} />
      </td>
    </tr>
  );
}

/** The home page: what a shift looks at first. Refreshed every 2 s. */
export function ShiftOverview() {
  const overview = useQuery({ queryKey: ["overview"], queryFn: () => fetchJson<Overview>("/api/overview"), refetchInterval: REFRESH_MS });
  const now = useNow();
  if (overview.isPending) return <p className="muted">Loading the shift overview…</p>;
  if (overview.error) return <p className="state-unhealthy">{overview.error.message}</p>;
  const o = overview.data;
  return (
    <section data-testid="shift-overview">
      <h1>Shift overview</h1>
      <div className="overview">
        <div className="panel">
          <h2>Clusters</h2>
          <table data-testid="overview-clusters">
            <tbody>
              {o.clusters.map((c) => (
                <tr key={c.id} data-testid={`overview-cluster-${c.name}`}>
                  <td>
                    <Link href={`/clusters/${encodeURIComponent(c.name)}`}>{c.name}</Link>
                  </td>
                  <td>
                    <span className={`state-cluster-${c.state}`} data-testid="cluster-state">
                      {c.state}
                    </span>
                  </td>
                  <td className="muted">{c.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div className="panel">
          <h2>
            Active alarms{" "}
            <Link href="/alarms" data-testid="overview-alarm-count">
              {o.alarms.active}
            </Link>{" "}
            <span className="muted">({o.alarms.unacknowledged} not acknowledged)</span>
          </h2>
          {o.alarms.latest.length === 0 ? <p className="muted">None.</p> : null}
          <ul data-testid="overview-alarms">
            {o.alarms.latest.map((a) => (
              <li key={a.id} className={`alarm-${a.severity}`}>
                <span className={`badge quality-${a.severity}`}>{a.severity}</span> {a.title} {a.runName ? <span className="muted">run {a.runName}</span> : null}{" "}
                <span className="muted">{age(a.raisedAt, now)}</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <div className="panel">
        <h2>Open runs</h2>
        {o.openRuns.length === 0 ? <p className="muted">No run is open.</p> : null}
        <table data-testid="overview-open-runs">
          <tbody>
            {o.openRuns.map((r) => (
              <RunRow key={r.id} run={r} testId={`overview-open-${r.id}`}>
                <td>{r.clusterName ?? "–"}</td>
                <td>
                  <RunHealthBadge run={r} />
                </td>
                <td className="num">
                  <span data-testid="open-rate">{r.hitRate === null ? "–" : formatRate(r.hitRate)}</span> hits/s
                </td>
                <td>
                  window <span data-testid="open-last-window">{r.lastWindow ?? "–"}</span>, <span data-testid="open-window-age">{age(r.lastWindowAt, now)}</span>
                </td>
              </RunRow>
            ))}
          </tbody>
        </table>
      </div>
      <div className="panel">
        <h2>
          Recent runs <Link href="/runs">all runs</Link>
        </h2>
        <table data-testid="overview-recent-runs">
          <tbody>
            {o.recentRuns.map((r) => (
              <RunRow key={r.id} run={r} testId={`overview-recent-${r.id}`}>
                <td>
                  <span className={`badge run-${r.status}`}>{r.status}</span>
                </td>
                <td>{r.clusterName ?? "–"}</td>
                <td>{formatDateTime(r.endedAt ?? r.createdAt)}</td>
                <td className="num">{formatInt(r.totals.windows)} windows</td>
              </RunRow>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
