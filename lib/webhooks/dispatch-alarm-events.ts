import { db } from "@/lib/db";
import { enqueueDeliveries, workDeliveries } from "@/lib/webhooks/webhook-queue";
import { deliverWebhook } from "@/lib/webhooks/deliver-webhook";

const BATCH = 200;

/**
 * Drains the alarm events' outbox: queues one delivery per event and enabled
 * webhook, then marks the events dispatched. Safe to repeat or to run in
 * several workers: a delivery's job id is derived from its event and webhook,
 * so an event queued twice (a crash before the mark) is delivered once.
 */
export async function dispatchAlarmEvents(): Promise<number> {
  const events = await db.alarmEvent.findMany({ where: { dispatchedAt: null }, orderBy: { at: "asc" }, take: BATCH, select: { id: true } });
  if (!events.length) return 0;
  const webhooks = await db.webhook.findMany({ where: { enabled: true }, select: { id: true } });
  await enqueueDeliveries(events.flatMap((e) => webhooks.map((w) => ({ eventId: e.id, webhookId: w.id }))));
  await db.alarmEvent.updateMany({ where: { id: { in: events.map((e) => e.id) } }, data: { dispatchedAt: new Date() } });
  return events.length;
}

/** How often the worker looks for new alarm events: deliveries start within about a second. */
const DISPATCH_EVERY_MS = 1_000;

/**
 * Runs in the routine worker: delivers queued deliveries and dispatches new
 * events until `signal` aborts. A failed round (the database away) is logged
 * and tried again on the next tick.
 */
export async function startWebhookDelivery(signal: AbortSignal, log: (message: string) => void): Promise<void> {
  await workDeliveries(async (job, attempt) => {
    try {
      await deliverWebhook(job, attempt);
    } catch (error) {
      log((error as Error).message);
      throw error;
    }
  });
  let timer: NodeJS.Timeout | undefined;
  // Each round starts a second after the last ended: a slow round never overlaps the next.
  const round = () => {
    if (signal.aborted) return;
    dispatchAlarmEvents()
      .catch((error: unknown) => log(`alarm events not dispatched yet: ${(error as Error).message}`))
      .finally(() => (timer = setTimeout(round, DISPATCH_EVERY_MS)));
  };
  round();
  signal.addEventListener("abort", () => clearTimeout(timer), { once: true });
}
