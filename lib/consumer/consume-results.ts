import type { ResultsConsumerInput } from "@/lib/consumer/results-consumer-input";
import { parseResultMessages } from "@/lib/consumer/parse-result-messages";
import { writeResults } from "@/lib/consumer/write-results";
import { isDatabaseUnreachable } from "@/lib/db-errors";
import type { JobContext } from "@/lib/jobs/job-definition";
import { retryThroughOutage } from "@/lib/jobs/retry-through-outage";
import { kafkaClient } from "@/lib/kafka/client";
import { checkStoredWindows } from "@/lib/quality/check-windows";

export interface ConsumeResultsSummary {
  batches: number;
  windows: number;
  skipped: number;
}

/**
 * Moves the results topic into PostgreSQL until aborted. Offsets are committed
 * only after the batch is stored: a crash replays it, and since windows are
 * upserted by (run, window) a replay changes nothing (effectively exactly once).
 */
export async function consumeResults(input: ResultsConsumerInput, ctx: JobContext): Promise<ConsumeResultsSummary> {
  const summary: ConsumeResultsSummary = { batches: 0, windows: 0, skipped: 0 };
  // kafkajs restarts its consumer after retriable failures; what it gives up on (a broker away
  // too long) is waited out here with a new consumer, from the group's committed offsets.
  return retryThroughOutage(() => consumeOnce(input, ctx, summary), { ...ctx, what: "the results consumer", retriable: () => true });
}

async function consumeOnce(input: ResultsConsumerInput, { signal, log }: JobContext, summary: ConsumeResultsSummary): Promise<ConsumeResultsSummary> {
  // Idle fetches wait this long; it bounds how long a stop waits for the fetch under way.
  // A killed consumer's successor waits for the group to drop it: the session timeout, 30 s by
  // default, halved here so that results flow again sooner after a restart.
  const consumer = kafkaClient("cosmo-results-consumer").consumer({ groupId: input.groupId, maxWaitTimeInMs: 500, sessionTimeout: 15_000, heartbeatInterval: 3000 });
  const warnedRuns = new Set<string>();
  let failed!: (error: Error) => void;
  const crashed = new Promise<never>((_, reject) => (failed = reject));
  crashed.catch(() => {}); // a crash during the final disconnect has nobody left to tell
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    log(`consumer crashed (${payload.restart ? "restarting" : "giving up"}): ${payload.error.message}`);
    if (!payload.restart) failed(payload.error);
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: input.topic, fromBeginning: input.fromBeginning });
    await consumer.run({
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat }) => {
        const parsed = parseResultMessages(batch.messages, (offset, reason) =>
          log(`skipped ${batch.topic}[${batch.partition}] offset ${offset}: ${reason}`),
        );
        // PostgreSQL away: the batch waits (heartbeating) rather than failing the consumer.
        const written = await retryThroughOutage(() => writeResults(parsed), { signal, log, what: "storing a batch", retriable: isDatabaseUnreachable, onWait: heartbeat });
        for (const id of written.unknownRuns.filter((id) => !warnedRuns.has(id))) {
          warnedRuns.add(id);
          log(`skipped results of unknown run ${id}`);
        }
        // The quality checks run where the windows are stored; a check that fails is logged and the data still flows.
        const known = parsed.windows.filter((w) => !written.unknownRuns.includes(w.runId));
        await retryThroughOutage(() => checkStoredWindows(known), { signal, log, what: "checking a batch's quality", retriable: isDatabaseUnreachable, onWait: heartbeat }).catch(
          (error: Error) => log(`quality checks failed: ${error.message}`),
        );
        summary.batches++;
        summary.windows += written.windows;
        summary.skipped += parsed.skipped;
        resolveOffset(batch.lastOffset());
        await commitOffsetsIfNecessary();
      },
    });
    const stopped = new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener("abort", () => resolve(), { once: true });
    });
    await Promise.race([stopped, crashed]);
  } finally {
    // Lets the batch under way finish and commit its offsets; with the broker away there is nothing to close.
    await consumer.disconnect().catch((error: Error) => log(`disconnect: ${error.message}`));
  }
  return summary;
}
