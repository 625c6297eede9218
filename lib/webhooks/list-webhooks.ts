import { db } from "@/lib/db";
import { toWebhookView, webhookViewInclude, type WebhookView } from "@/lib/webhooks/webhook-view";

export async function listWebhooks(): Promise<WebhookView[]> {
  const rows = await db.webhook.findMany({ include: webhookViewInclude, orderBy: { name: "asc" } });
  return Promise.all(rows.map(toWebhookView));
}
