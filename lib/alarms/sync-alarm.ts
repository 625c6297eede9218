import { alarmObservationSchema, type AlarmObservation, type AlarmTransition } from "@/lib/alarms/alarm-observation";
import { publishAlarmEvent } from "@/lib/alarms/publish-alarm-event";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import type { Alarm } from "@/lib/generated/prisma/client";

/**
 * How long a condition must have stopped holding before its alarm clears:
 * a lag that dips under its bound for one sample must not close and reopen
 * the alarm (and page the shift twice).
 */
export const ALARM_CLEAR_AFTER_MS = 10_000;

export interface SyncResult {
  alarm: Alarm | null;
  transition: AlarmTransition;
}

/**
 * Applies one observation: raises the alarm the first time the condition
 * holds, keeps it (and its latest detail) while it does, and clears it once
 * the condition has not held for `clearAfterMs`. Idempotent and safe to call
 * from several processes: the state lives in the row, and a partial unique
 * index keeps one active alarm per key.
 */
export async function syncAlarm(input: AlarmObservation, options: { now?: Date; clearAfterMs?: number } = {}): Promise<SyncResult> {
  const observation = alarmObservationSchema.parse(input);
  const now = options.now ?? new Date();
  const clearAfterMs = options.clearAfterMs ?? ALARM_CLEAR_AFTER_MS;
  const active = await db.alarm.findFirst({ where: { key: observation.key, state: "active" } });

  if (observation.active) {
    const fields = { severity: observation.severity, title: observation.title, detail: observation.detail, lastSeenAt: now, clearingSince: null };
    if (active) return { alarm: await db.alarm.update({ where: { id: active.id }, data: fields }), transition: null };
    try {
      const alarm = await db.$transaction(async (tx) => {
        const created = await tx.alarm.create({
          data: {
            ...fields,
            key: observation.key,
            source: observation.source,
            kind: observation.kind,
            clusterId: observation.clusterId ?? null,
            runId: observation.runId ?? null,
            raisedAt: now,
          },
        });
        await publishAlarmEvent(created, "raised", tx);
        return created;
      });
      return { alarm, transition: "raised" };
    } catch (error) {
      // Another observer raised it between our read and our insert.
      if (!isUniqueViolation(error)) throw error;
      return syncAlarm(input, options);
    }
  }

  if (!active) return { alarm: null, transition: null };
  if (!active.clearingSince) {
    return { alarm: await db.alarm.update({ where: { id: active.id }, data: { clearingSince: now } }), transition: null };
  }
  if (now.getTime() - active.clearingSince.getTime() < clearAfterMs) return { alarm: active, transition: null };
  return clearAlarm(active, now);
}

async function clearAlarm(alarm: Alarm, now: Date): Promise<SyncResult> {
  // Conditional on still being active: two observers clearing at once publish one event.
  return db.$transaction(async (tx) => {
    const { count } = await tx.alarm.updateMany({ where: { id: alarm.id, state: "active" }, data: { state: "cleared", clearedAt: now } });
    const cleared = await tx.alarm.findUniqueOrThrow({ where: { id: alarm.id } });
    if (count === 0) return { alarm: cleared, transition: null };
    await publishAlarmEvent(cleared, "cleared", tx);
    return { alarm: cleared, transition: "cleared" as const };
  });
}

/**
 * Clears at once, with no hysteresis, every active alarm of a run that has
 * ended: nothing observes its conditions any more.
 */
export async function clearAlarmsOfRun(runId: string, now = new Date()): Promise<number> {
  const alarms = await db.alarm.findMany({ where: { runId, state: "active" } });
  let cleared = 0;
  for (const alarm of alarms) if ((await clearAlarm(alarm, now)).transition) cleared += 1;
  return cleared;
}
