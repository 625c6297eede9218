import Link from "next/link";
import { formatDateTime, formatInt } from "@/app/components/format";
import { QualityFlagBadge } from "@/app/components/quality-flag";
import type { RunSummary } from "@/lib/runs/get-run-summary";
import type { RunHistograms } from "@/lib/runs/sum-run-histograms";

/** The quality checks' worst flag of a run; absent where the checks have not run. */

interface Props {
  a: RunSummary;
  b: RunSummary;
  histA: RunHistograms;
  histB: RunHistograms;
}

/** The two runs' facts next to each other: what they are, how much data, their quality flag. */
export function CompareTable({ a, b, histA, histB }: Props) {
  const rows: { label: string; key: string; of: (r: RunSummary, h: RunHistograms) => React.ReactNode }[] = [
    { label: "Run", key: "name", of: (r) => <Link href={`/runs/${r.id}`}>{r.name}</Link> },
    { label: "Status", key: "status", of: (r) => r.status },
    { label: "Cluster", key: "cluster", of: (r) => r.clusterName ?? "–" },
    { label: "Started", key: "started", of: (r) => formatDateTime(r.startedAt ?? r.createdAt) },
    { label: "Windows", key: "windows", of: (_r, h) => formatInt(h.aggregate.windows) },
    { label: "Orbits", key: "orbits", of: (_r, h) => formatInt(h.aggregate.orbits) },
    { label: "Chamber hits", key: "hits", of: (_r, h) => formatInt(h.aggregate.totalHits) },
    { label: "Hits per orbit", key: "hits-per-orbit", of: (_r, h) => (h.aggregate.orbits > 0 ? (h.aggregate.totalHits / h.aggregate.orbits).toFixed(4) : "–") },
    { label: "Quality", key: "quality", of: (r) => <QualityFlagBadge flag={r.worstFlag} /> },
  ];
  return (
    <table data-testid="compare-table">
      <thead>
        <tr>
          <th />
          <th>A</th>
          <th>B</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key}>
            <th>{row.label}</th>
            <td data-testid={`compare-a-${row.key}`}>{row.of(a, histA)}</td>
            <td data-testid={`compare-b-${row.key}`}>{row.of(b, histB)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
