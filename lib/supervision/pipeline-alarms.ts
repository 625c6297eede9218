import type { AlarmObservation } from "@/lib/alarms/alarm-observation";
import { syncAlarm } from "@/lib/alarms/sync-alarm";
import type { ComponentName, HealthDetail } from "@/lib/runs/health-detail";
import type { Decision } from "@/lib/supervision/decide";

const TITLES: Record<ComponentName, string> = {
  buffer: "buffer down",
  driver: "Spark job down",
  consumer: "results consumer down",
  kafka: "Kafka broker unreachable",
  database: "PostgreSQL was unreachable",
};

export const pipelineAlarmKey = (kind: string, runId: string, component?: string) => `pipeline:${kind}:${runId}${component ? `:${component}` : ""}`;

/** Every pipeline condition of a run as the alarm system's observations, active or not, each tick. */
export function pipelineAlarmObservations(run: { id: string; clusterId: string; name: string }, decision: Decision): AlarmObservation[] {
  const base = { source: "pipeline", clusterId: run.clusterId, runId: run.id };
  const detailOf = (name: ComponentName, c: HealthDetail["components"][string] | undefined) =>
    `run "${run.name}": ${name}${c ? ` ${c.state}, ${c.restarts} restart${c.restarts === 1 ? "" : "s"}${c.lastError ? `; last error: ${c.lastError}` : ""}` : ""}`;
  return [
    ...(Object.entries(decision.down) as [ComponentName, boolean][]).map(([name, active]) => ({
      ...base,
      key: pipelineAlarmKey("component-down", run.id, name),
      kind: "component-down",
      severity: "error" as const,
      title: TITLES[name],
      detail: detailOf(name, decision.detail.components[name]).slice(0, 4000),
      active,
    })),
    ...decision.conditions.map((c) => ({ ...base, key: pipelineAlarmKey(c.kind, run.id), kind: c.kind, severity: c.severity, title: c.title, detail: `run "${run.name}": ${c.detail}`, active: c.active })),
  ];
}

/**
 * Hands the observations to the alarm system. The database outage is only
 * known once the database answers again: its alarm is raised with the time the
 * outage began, then clears like any other.
 */
export async function syncPipelineAlarms(observations: AlarmObservation[], databaseDownSince: number | null): Promise<void> {
  for (const observation of observations) {
    const backdated = observation.kind === "component-down" && observation.key.endsWith(":database") && observation.active && databaseDownSince !== null;
    await syncAlarm(observation, backdated ? { now: new Date(databaseDownSince) } : {});
  }
}
