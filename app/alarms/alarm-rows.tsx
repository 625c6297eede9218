"use client";

import Link from "next/link";
import type { ReactNode } from "react";
import { formatDateTime } from "@/app/components/format";
import type { AlarmView } from "@/lib/alarms/alarm-view";

/** The run and cluster an alarm is about, as links. */
export function AlarmWhere({ alarm }: { alarm: AlarmView }) {
  return (
    <>
      {alarm.runId ? (
        <Link href={`/runs/${alarm.runId}`} data-testid="alarm-run">
          {alarm.runName ?? alarm.runId}
        </Link>
      ) : null}
      {alarm.runId && alarm.clusterName ? " · " : null}
      {alarm.clusterName ? (
        <Link href={`/clusters/${alarm.clusterName}`} data-testid="alarm-cluster">
          {alarm.clusterName}
        </Link>
      ) : null}
    </>
  );
}

/** The cells every alarm row starts with: severity, title and detail, where. */
export function AlarmCells({ alarm }: { alarm: AlarmView }): ReactNode {
  return (
    <>
      <td className={`severity-${alarm.severity}`} data-testid="alarm-severity">
        {alarm.severity}
      </td>
      <td>
        <div data-testid="alarm-title">{alarm.title}</div>
        {alarm.detail ? <div className="muted small">{alarm.detail}</div> : null}
      </td>
      <td>
        <AlarmWhere alarm={alarm} />
      </td>
      <td>{formatDateTime(alarm.raisedAt)}</td>
    </>
  );
}

/** The header of an alarm table: the columns of AlarmCells, then `more`. */
export function AlarmHead({ more }: { more: string[] }) {
  return (
    <thead>
      <tr>
        {["Severity", "Alarm", "Run · cluster", "Raised", ...more].map((c) => (
          <th key={c}>{c}</th>
        ))}
      </tr>
    </thead>
  );
}
