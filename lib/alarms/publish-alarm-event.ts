import { db } from "@/lib/db";
import type { Alarm, Prisma } from "@/lib/generated/prisma/client";

export const ALARMS_CHANNEL = "cosmo_alarms";

export type AlarmEvent = "raised" | "cleared" | "acknowledged";

/**
 * Tells listeners (the top bar's live count, webhook delivery) that an alarm
 * changed. The event row is the webhooks' outbox: the routine worker turns it
 * into deliveries, so an event published while no worker runs is delivered
 * once one does. Called in the transaction that changes the alarm (`client`),
 * the event exists if and only if the change does, and NOTIFY goes out at
 * commit. It carries only the id and the event: listeners read the row, so
 * a payload never outgrows NOTIFY's 8 kB.
 */
export async function publishAlarmEvent(alarm: Pick<Alarm, "id">, event: AlarmEvent, client: Pick<Prisma.TransactionClient, "alarmEvent" | "$executeRaw"> = db): Promise<void> {
  await client.alarmEvent.create({ data: { alarmId: alarm.id, event } });
  await client.$executeRaw`select pg_notify(${ALARMS_CHANNEL}, ${JSON.stringify({ id: alarm.id, event })})`;
}
