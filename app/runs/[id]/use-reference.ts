"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/app/components/fetch-json";
import type { RunHistograms } from "@/lib/runs/sum-run-histograms";

/** A run, or a window range of it (inclusive; null: its start or end), whose histograms are drawn over another's. */
export interface ReferenceSpec {
  runId: string;
  fromWindow: number | null;
  toWindow: number | null;
}

export function histogramsUrl(spec: ReferenceSpec): string {
  const q = new URLSearchParams();
  if (spec.fromWindow !== null) q.set("from", String(spec.fromWindow));
  if (spec.toWindow !== null) q.set("to", String(spec.toWindow));
  const qs = q.toString();
  return `/api/runs/${encodeURIComponent(spec.runId)}/histograms${qs ? `?${qs}` : ""}`;
}

/** A run's histograms summed on the server over the range. `live`: the run still grows, so they are read again now and then. */
export function useRunHistograms(spec: ReferenceSpec | null, live = false) {
  return useQuery({
    queryKey: ["run-histograms", spec?.runId, spec?.fromWindow, spec?.toWindow],
    queryFn: () => fetchJson<RunHistograms>(histogramsUrl(spec!)),
    enabled: spec !== null,
    staleTime: live ? 0 : Number.POSITIVE_INFINITY,
    refetchInterval: live ? 10_000 : false,
  });
}
