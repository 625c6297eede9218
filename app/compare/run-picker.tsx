"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/app/components/fetch-json";
import type { RunPage } from "@/lib/runs/list-runs";

/** One of the 50 newest runs (or the one already chosen); "choose a run" is none. */
export function RunPicker({ label, value, onChange, testId, none = "choose a run" }: { label: string; value: string | null; onChange: (id: string | null) => void; testId: string; none?: string }) {
  const runs = useQuery({ queryKey: ["runs-recent-50"], queryFn: () => fetchJson<RunPage>("/api/runs?limit=50") });
  const listed = runs.data?.runs ?? [];
  return (
    <label>
      {label}{" "}
      <select value={value ?? ""} onChange={(e) => onChange(e.target.value || null)} data-testid={testId}>
        <option value="">{none}</option>
        {value && !listed.some((r) => r.id === value) ? <option value={value}>{value.slice(0, 8)}</option> : null}
        {listed.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
    </label>
  );
}
