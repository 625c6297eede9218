import { z } from "zod";
import { attachSubscriber, detachSubscriber } from "@/lib/live/live-hub";
import { DEFAULT_LIMITS, RunSubscriber } from "@/lib/live/run-subscriber";
import { getRunOrThrow } from "@/lib/runs/get-run-or-throw";

/** Last-Event-ID (or `after` in the query): the last window the viewer has; absent means from the start. */
export const resumeSchema = z.object({
  after: z.coerce
    .number({ message: "expected a window number (from Last-Event-ID or ?after=)" })
    .int("expected a whole window number")
    .min(-1, "expected a window number of at least -1")
    // windows are stored as int4: a larger number is no window, and PostgreSQL would refuse it with a 500
    .max(2_147_483_647, "expected a window number of at most 2147483647")
    .default(-1),
});

/**
 * A run's event stream: `window` events (recorded, then live), `caught-up`
 * once the recorded ones are sent, `pipeline` every few seconds, `dropped`
 * when a slow viewer's backlog was dropped (it then catches up), and
 * keep-alive comments. Ends when `signal` aborts (the viewer left).
 */
export async function openRunEvents(runId: string, after: number, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  await getRunOrThrow(runId);
  // Live first, then the catch-up reads the database: a window stored in between is seen by both, and sent once.
  const subscriber = await attachSubscriber(runId, (reader) => new RunSubscriber(runId, after, DEFAULT_LIMITS, reader, detachSubscriber));
  if (signal.aborted) subscriber.close();
  else signal.addEventListener("abort", () => subscriber.close(), { once: true });
  return subscriber.readable;
}
