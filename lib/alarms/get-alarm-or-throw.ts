import { alarmViewInclude, toAlarmView, type AlarmView } from "@/lib/alarms/alarm-view";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import { isUuid } from "@/lib/is-uuid";

export async function getAlarmOrThrow(id: string): Promise<AlarmView> {
  const alarm = isUuid(id) ? await db.alarm.findUnique({ where: { id }, include: alarmViewInclude }) : null;
  if (!alarm) throw new CosmoError("NOT_FOUND", `alarm ${id} not found`);
  return toAlarmView(alarm);
}
