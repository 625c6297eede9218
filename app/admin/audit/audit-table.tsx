import type { AuditEventView } from "@/lib/audit/list-audit-events";

/** Audit events as a table: the audit page's, and a run page's activity. */
export function AuditTable({ events, showTarget = true }: { events: AuditEventView[]; showTarget?: boolean }) {
  return (
    <table data-testid="audit">
      <thead>
        <tr>
          <th>When</th>
          <th>Actor</th>
          <th>Action</th>
          {showTarget ? <th>Target</th> : null}
          <th>Details</th>
        </tr>
      </thead>
      <tbody>
        {events.map((e) => (
          <tr key={e.id} data-testid="audit-event">
            <td className="small">{new Date(e.at).toLocaleString()}</td>
            <td data-testid="actor">{e.actor}</td>
            <td data-testid="action">{e.action}</td>
            {showTarget ? (
              <td className="small">
                {e.targetType} {e.targetId}
              </td>
            ) : null}
            <td className="details">{JSON.stringify(e.details)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
