"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { fetchJson } from "@/app/components/fetch-json";
import { RunHealthBadge, RunHealthPanel } from "@/app/runs/run-health";
import type { RunPage } from "@/lib/runs/list-runs";

/** The cluster's open run and its health, as the supervisor last judged it (polled every 2 s). */
export function OpenRunHealth({ clusterId }: { clusterId: string }) {
  const runs = useQuery({
    queryKey: ["runs", "open", clusterId],
    queryFn: () => fetchJson<RunPage>(`/api/runs?clusterId=${clusterId}&status=running&limit=1`),
    refetchInterval: 2000,
  });
  const run = runs.data?.runs[0];
  if (!run) return null;
  return (
    <div data-testid="open-run">
      <p>
        Open run <Link href={`/runs/${run.id}`}>{run.name}</Link> <RunHealthBadge run={run} />
      </p>
      <RunHealthPanel run={run} />
    </div>
  );
}
