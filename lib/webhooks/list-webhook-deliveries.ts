import { z } from "zod";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";

export const deliveryQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export interface WebhookDeliveryView {
  id: string;
  alarmId: string;
  alarmTitle: string;
  eventId: string;
  event: string;
  attempt: number;
  status: number | null;
  error: string | null;
  durationMs: number;
  at: string;
}

/** A webhook's delivery attempts, newest first: one row per try, retries included. */
export async function listWebhookDeliveries(name: string, query: z.infer<typeof deliveryQuerySchema>): Promise<WebhookDeliveryView[]> {
  const webhook = await db.webhook.findUnique({ where: { name }, select: { id: true } });
  if (!webhook) throw new CosmoError("NOT_FOUND", `webhook "${name}" not found`);
  const rows = await db.webhookDelivery.findMany({
    where: { webhookId: webhook.id },
    include: { alarm: { select: { title: true } } },
    orderBy: [{ at: "desc" }, { attempt: "desc" }],
    take: query.limit,
  });
  return rows.map(({ alarm, webhookId: _w, ...d }) => ({ ...d, alarmTitle: alarm.title, at: d.at.toISOString() }));
}
