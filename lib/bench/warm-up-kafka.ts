import { setTimeout as sleep } from "node:timers/promises";
import { HitsProducer } from "@/lib/buffer/hits-producer";
import { deleteTopics, ensureTopics } from "@/lib/kafka/topics";

const TOPIC = "cosmo-bench-warm-up";

/**
 * A fresh broker creates its offsets and transaction-state topics on first
 * use, and answers NOT_COORDINATOR meanwhile (which a buffer does not retry).
 * One throwaway buffer producer, opened and asked for its cursor until both
 * work, keeps that start-up out of the first measurement.
 */
export async function warmUpKafka(timeoutMs = 60_000): Promise<void> {
  await ensureTopics([{ name: TOPIC, partitions: 1, retentionMs: 3_600_000 }]);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const producer = await HitsProducer.open("bench-warm-up", TOPIC);
      try {
        await producer.committedCursor();
      } finally {
        await producer.close();
      }
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(500);
    }
  }
  await deleteTopics([TOPIC]);
}
