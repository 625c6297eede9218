import { alarmViewInclude, toAlarmView } from "@/lib/alarms/alarm-view";
import type { AlarmEvent } from "@/lib/alarms/publish-alarm-event";
import { db } from "@/lib/db";
import { getWebhookUrlOrThrow } from "@/lib/secrets/get-secret-value";
import { webhookMessage } from "@/lib/webhooks/webhook-message";
import type { DeliveryJob } from "@/lib/webhooks/webhook-queue";

/** A receiver that has not answered by then counts as failed, and the attempt is retried. */
const TIMEOUT_MS = 10_000;

/** An error's text without the URL: its path is the webhook's credential, and the history is shown. */
function describe(error: unknown, url: URL): string {
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  const text = cause ? `${(error as Error).message}: ${cause}` : String((error as Error).message ?? error);
  const scrubbed = text.replaceAll(url.href, url.host);
  return (url.pathname.length > 1 ? scrubbed.replaceAll(url.pathname, "/…") : scrubbed).slice(0, 500);
}

/**
 * One attempt to POST an alarm event to a webhook, recorded in its history
 * whatever the outcome. Throws when it did not get a 2xx, for the queue to
 * retry. A webhook deleted or disabled since the event was queued gets nothing.
 */
export async function deliverWebhook(job: DeliveryJob, attempt: number): Promise<void> {
  const webhook = await db.webhook.findUnique({ where: { id: job.webhookId }, include: { secret: { select: { name: true } } } });
  const event = await db.alarmEvent.findUnique({ where: { id: job.eventId }, include: { alarm: { include: alarmViewInclude } } });
  if (!webhook?.enabled || !event) return;
  const url = new URL(await getWebhookUrlOrThrow(webhook.secret.name));
  const body = webhookMessage(toAlarmView(event.alarm), event.event as AlarmEvent, event.at);
  const started = performance.now();
  let status: number | null = null;
  let error: string | null = null;
  try {
    // No redirects: a receiver must not send the message (and our URL's credential) elsewhere.
    const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
    status = res.status;
    await res.body?.cancel();
  } catch (e) {
    error = describe(e, url);
  }
  await db.webhookDelivery.create({
    data: { webhookId: webhook.id, alarmId: event.alarmId, eventId: event.id, event: event.event, attempt, status, error, durationMs: Math.round(performance.now() - started) },
  });
  if (status === null || status < 200 || status > 299) throw new Error(`webhook ${webhook.name}, ${event.event} of alarm ${event.alarmId}, attempt ${attempt}: ${error ?? `HTTP ${status}`}`);
}
