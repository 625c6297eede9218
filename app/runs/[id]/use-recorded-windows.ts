"use client";

import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { z } from "zod";
import { fetchJson } from "@/app/components/fetch-json";
import { WindowStore } from "@/lib/live/window-store";
import { storedWindowSchema } from "@/lib/runs/stored-window";

const responseSchema = z.object({ windows: z.array(storedWindowSchema) });

/** Every recorded window of a finished run, in a WindowStore: what a replay plays. */
export function useRecordedWindows(runId: string, enabled: boolean) {
  const query = useQuery({
    queryKey: ["run-windows", runId],
    queryFn: async () => responseSchema.parse(await fetchJson(`/api/runs/${encodeURIComponent(runId)}/windows`)).windows,
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const store = useMemo(() => {
    const s = new WindowStore();
    for (const w of query.data ?? []) s.upsert(w);
    return s;
  }, [query.data]);
  return { store, isPending: query.isPending && enabled, error: query.error };
}
