import { db } from "@/lib/db";
import type { AlarmSeverity } from "@/lib/generated/prisma/client";

/** What the top bar shows on every page. */
export interface AlarmSummary {
  active: number;
  unacknowledged: number;
  /** The worst severity among the active alarms; null when none is active. */
  worst: AlarmSeverity | null;
}

export async function alarmSummary(): Promise<AlarmSummary> {
  const groups = await db.alarm.groupBy({ by: ["severity"], where: { state: "active" }, _count: true });
  const unacknowledged = await db.alarm.count({ where: { state: "active", acknowledgedAt: null } });
  const active = groups.reduce((sum, g) => sum + g._count, 0);
  const worst = groups.some((g) => g.severity === "error") ? "error" : active ? "warning" : null;
  return { active, unacknowledged, worst };
}
