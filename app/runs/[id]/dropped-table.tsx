import { formatInt } from "@/app/components/format";
import { droppedByReason, type RunAggregate } from "@/lib/live/run-aggregate";

export function DroppedTable({ agg, unwindowed }: { agg: RunAggregate; unwindowed: number }) {
  const rows = droppedByReason(agg, unwindowed);
  return (
    <table data-testid="dropped-table">
      <thead>
        <tr>
          <th>Dropped records, by reason</th>
          <th className="num">Records</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.reason}</td>
            <td className="num" data-testid={`dropped-${r.key}`}>
              {formatInt(r.count)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
