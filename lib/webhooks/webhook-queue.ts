import { createHash } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { routineQueue } from "@/lib/routines/routine-queue";

// Every pg-boss call of webhook delivery is in this file.

export const WEBHOOK_QUEUE = "cosmo-webhooks";

export interface DeliveryJob {
  eventId: string;
  webhookId: string;
}

/**
 * pg-boss retries a failed delivery after 1-2 s, then 2-4 s, 4-8 s... (its
 * exponential backoff, with jitter): ten retries ride out a receiver that is
 * away for about 25 minutes.
 */
export const webhookRetry = { retryLimit: 10, retryDelay: 1, retryBackoff: true } as const;

const globalForQueue = globalThis as unknown as { cosmoWebhookQueue?: Promise<PgBoss> };

function webhookQueue(): Promise<PgBoss> {
  globalForQueue.cosmoWebhookQueue ??= routineQueue()
    .then(async (boss) => {
      await boss.createQueue(WEBHOOK_QUEUE, { ...webhookRetry, expireInSeconds: 60 });
      return boss;
    })
    .catch((error: unknown) => {
      globalForQueue.cosmoWebhookQueue = undefined;
      throw error;
    });
  return globalForQueue.cosmoWebhookQueue;
}

/** The same event and webhook always make the same job id, so queueing them twice delivers once. */
function jobId({ eventId, webhookId }: DeliveryJob): string {
  const h = createHash("sha256").update(`${eventId}/${webhookId}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export async function enqueueDeliveries(jobs: DeliveryJob[]): Promise<void> {
  if (!jobs.length) return;
  await (await webhookQueue()).insert(WEBHOOK_QUEUE, jobs.map((data) => ({ id: jobId(data), data })));
}

/** Works delivery jobs one at a time; `attempt` is 1 for the first try. A handler that throws is retried. */
export async function workDeliveries(deliver: (job: DeliveryJob, attempt: number) => Promise<void>): Promise<void> {
  await (await webhookQueue()).work<DeliveryJob>(WEBHOOK_QUEUE, { pollingIntervalSeconds: 0.5, batchSize: 1, includeMetadata: true }, async ([job]) => {
    if (job) await deliver(job.data, job.retryCount + 1);
  });
}
