import { getAlarmOrThrow } from "@/lib/alarms/get-alarm-or-throw";
import type { AlarmView } from "@/lib/alarms/alarm-view";
import { publishAlarmEvent } from "@/lib/alarms/publish-alarm-event";
import { recordAudit } from "@/lib/audit/record-audit";
import type { ActorName } from "@/lib/auth/actor";
import { db } from "@/lib/db";

export interface Acknowledgement {
  alarm: AlarmView;
  /** False when someone had acknowledged it before: nothing changed, and nothing was recorded again. */
  acknowledged: boolean;
  message: string;
}

/**
 * A person says they have seen the alarm and are on it. Only the first
 * acknowledgement counts (conditional update: two people clicking at once
 * record one), is audited and is published to the webhooks.
 */
export async function acknowledgeAlarm(id: string, actor: ActorName): Promise<Acknowledgement> {
  const { key, title, state } = await getAlarmOrThrow(id);
  const count = await db.$transaction(async (tx) => {
    const { count } = await tx.alarm.updateMany({ where: { id, acknowledgedAt: null }, data: { acknowledgedAt: new Date(), acknowledgedBy: actor.name } });
    if (count === 0) return 0;
    await recordAudit({ actor, action: "alarm.acknowledged", target: { type: "alarm", id }, details: { key, title, state } }, tx);
    await publishAlarmEvent({ id }, "acknowledged", tx);
    return count;
  });
  const alarm = await getAlarmOrThrow(id);
  if (count === 0) return { alarm, acknowledged: false, message: `already acknowledged by ${alarm.acknowledgedBy} at ${alarm.acknowledgedAt}` };
  return { alarm, acknowledged: true, message: `acknowledged by ${actor.name}` };
}
