"use client";

import { useQuery } from "@tanstack/react-query";
import { apiFetch } from "@/lib/api/api-fetch";

export type RoutineName = "init" | "run" | "beat" | "halt" | "dismiss";
export type ExecutionStatus = "queued" | "running" | "succeeded" | "failed";

export interface StepDoc {
  id: string;
  index: number;
  name: string;
  host: string;
  status: "running" | "succeeded" | "failed" | "skipped";
  output: string;
  startedAt: string;
  endedAt: string | null;
}

export interface ExecutionDoc {
  id: string;
  routine: RoutineName;
  status: ExecutionStatus;
  requestedBy: string;
  params: Record<string, unknown>;
  result: { runId?: string; entities?: { entity: string; state: "up" | "down" | "idle"; detail: string }[] } | null;
  error: string | null;
  runId: string | null;
  createdAt: string;
  startedAt: string | null;
  endedAt: string | null;
  steps?: StepDoc[];
}

export const isActive = (status: ExecutionStatus) => status === "queued" || status === "running";

export const routinesKey = (cluster: string) => ["routines", cluster] as const;

/** The cluster's routine history; polled faster while one is under way. */
export const useExecutions = (cluster: string) =>
  useQuery({
    queryKey: routinesKey(cluster),
    queryFn: async () => (await apiFetch<{ executions: ExecutionDoc[] }>(`/api/clusters/${encodeURIComponent(cluster)}/routines?limit=20`)).executions,
    refetchInterval: (q) => (q.state.data?.some((e) => isActive(e.status)) ? 700 : 3000),
  });

/** One execution with its steps; its output streams in by polling every 400 ms while it runs. */
export const useExecution = (id: string | undefined) =>
  useQuery({
    queryKey: ["routine", id],
    enabled: Boolean(id),
    queryFn: async () => (await apiFetch<{ execution: ExecutionDoc }>(`/api/routines/${id}`)).execution,
    refetchInterval: (q) => (q.state.data && !isActive(q.state.data.status) ? false : 400),
  });
