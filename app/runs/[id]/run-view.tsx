"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { fetchJson } from "@/app/components/fetch-json";
import { formatDateTime } from "@/app/components/format";
import { LiveRun } from "@/app/runs/[id]/live-run";
import { ReplayRun } from "@/app/runs/[id]/replay-run";
import { RunHealthBadge, RunHealthPanel } from "@/app/runs/run-health";
import { RunActivity } from "@/app/runs/[id]/run-activity";
import { MarkReference } from "@/app/runs/quality/mark-reference";
import { QualityFlagBadge } from "@/app/components/quality-flag";
import { QualityStrip } from "@/app/runs/quality/quality-strip";
import { RunExports } from "@/app/runs/[id]/run-exports";
import { referenceOf } from "@/app/runs/[id]/reference-of";
import type { RunSummary } from "@/lib/runs/get-run-summary";

const isLive = (s: RunSummary["status"]) => s === "pending" || s === "running";

/** A run's page: live while it runs, a replay of its recorded windows once it has ended. */
export function RunView({ runId, overlayRunId }: { runId: string; overlayRunId: string | null }) {
  const summary = useQuery({
    queryKey: ["run", runId],
    queryFn: () => fetchJson<RunSummary>(`/api/runs/${encodeURIComponent(runId)}`),
    refetchInterval: (q) => (q.state.data && isLive(q.state.data.status) ? 5000 : false),
  });
  // Decided once: a run that ends while watched stays on its live view (the stream carries on), no jump to the replay.
  const [live, setLive] = useState<boolean | null>(null);
  if (summary.data && live === null) setLive(isLive(summary.data.status));

  if (summary.isPending) return <p className="muted">Loading the run…</p>;
  if (summary.error) return <p className="state-unhealthy" data-testid="run-error">{summary.error.message}</p>;
  const run = summary.data;
  return (
    <section>
      <p className="muted">
        <Link href="/runs">Runs</Link> /
      </p>
      <h1 data-testid="run-name">{run.name}</h1>
      <p className="run-meta">
        <span className={`badge run-${run.status}`} data-testid="run-status">
          {run.status}
        </span>
        <RunHealthBadge run={run} />
        <QualityFlagBadge flag={run.worstFlag} labelled />
        <span>cluster {run.clusterName ?? "–"}</span>
        <span>started by {run.startedBy || "–"}</span>
        <span>created {formatDateTime(run.createdAt)}</span>
        {run.endedAt ? <span>ended {formatDateTime(run.endedAt)}</span> : null}
      </p>
      <RunHealthPanel run={run} />
      <MarkReference runId={run.id} clusterName={run.clusterName} />
      <QualityStrip runId={run.id} live={isLive(run.status)} />
      <RunExports run={run} overlayRunId={overlayRunId} />
      {live === null ? null : live ? <LiveRun summary={run} reference={referenceOf(run, overlayRunId)} /> : <ReplayRun summary={run} reference={referenceOf(run, overlayRunId)} />}
      <RunActivity runId={run.id} live={isLive(run.status)} />
    </section>
  );
}
