import { z } from "zod";
import { alarmViewInclude, toAlarmView, type AlarmView } from "@/lib/alarms/alarm-view";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export const alarmQuerySchema = z.object({
  state: z.enum(["active", "cleared", "all"]).default("all"),
  source: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
  clusterId: z.uuid().optional(),
  runId: z.uuid().optional(),
  /** The next page starts after this alarm. */
  cursor: z.uuid().optional().describe("the `nextCursor` of the previous page"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type AlarmQuery = z.infer<typeof alarmQuerySchema>;

export interface AlarmPage {
  alarms: AlarmView[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/** Alarms newest first, a page at a time (keyset on raisedAt and id, so a page never repeats or skips one). */
export async function listAlarms(query: AlarmQuery): Promise<AlarmPage> {
  const where: Prisma.AlarmWhereInput = {
    ...(query.state === "all" ? {} : { state: query.state }),
    source: query.source,
    clusterId: query.clusterId,
    runId: query.runId,
  };
  if (query.cursor) {
    const cursor = await db.alarm.findUnique({ where: { id: query.cursor }, select: { raisedAt: true, id: true } });
    if (cursor) where.OR = [{ raisedAt: { lt: cursor.raisedAt } }, { raisedAt: cursor.raisedAt, id: { lt: cursor.id } }];
  }
  const rows = await db.alarm.findMany({ where, include: alarmViewInclude, orderBy: [{ raisedAt: "desc" }, { id: "desc" }], take: query.limit + 1 });
  const page = rows.slice(0, query.limit);
  return { alarms: page.map(toAlarmView), nextCursor: rows.length > query.limit ? page.at(-1)!.id : null };
}
