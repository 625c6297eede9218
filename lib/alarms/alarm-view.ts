import type { Alarm, Prisma } from "@/lib/generated/prisma/client";

/** An alarm as the API and the pages show it: its run's and cluster's names for the links. */
export interface AlarmView {
  id: string;
  key: string;
  source: string;
  kind: string;
  severity: Alarm["severity"];
  title: string;
  detail: string;
  state: Alarm["state"];
  clusterId: string | null;
  clusterName: string | null;
  runId: string | null;
  runName: string | null;
  raisedAt: string;
  lastSeenAt: string;
  clearingSince: string | null;
  clearedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}

export const alarmViewInclude = { cluster: { select: { name: true } }, run: { select: { name: true } } } as const satisfies Prisma.AlarmInclude;

export type AlarmWithNames = Prisma.AlarmGetPayload<{ include: typeof alarmViewInclude }>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toAlarmView({ cluster, run, ...a }: AlarmWithNames): AlarmView {
  return {
    ...a,
    clusterName: cluster?.name ?? null,
    runName: run?.name ?? null,
    raisedAt: a.raisedAt.toISOString(),
    lastSeenAt: a.lastSeenAt.toISOString(),
    clearingSince: iso(a.clearingSince),
    clearedAt: iso(a.clearedAt),
    acknowledgedAt: iso(a.acknowledgedAt),
  };
}
