import { db } from "@/lib/db";
import type { Alarm } from "@/lib/generated/prisma/client";

export const ALARMS_CHANNEL = "cosmo_alarms";

export type AlarmEvent = "raised" | "cleared" | "acknowledged";

/**
 * Tells listeners (the top bar's live count, webhook delivery) that an alarm
 * changed. The event row is the webhooks' outbox: the routine worker turns it
 * into deliveries, so an event published while no worker runs is delivered
 * once one does. NOTIFY carries only the id and the event: listeners read
 * the row, so a payload never outgrows NOTIFY's 8 kB.
 */
export async function publishAlarmEvent(alarm: Pick<Alarm, "id">, event: AlarmEvent): Promise<void> {
  await db.alarmEvent.create({ data: { alarmId: alarm.id, event } });
  await db.$executeRaw`select pg_notify(${ALARMS_CHANNEL}, ${JSON.stringify({ id: alarm.id, event })})`;
}
