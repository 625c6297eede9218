import { setTimeout as sleep } from "node:timers/promises";
import type { JobContext } from "@/lib/jobs/job-definition";

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

export interface OutageOptions extends JobContext {
  /** What is attempted, for the log: "the buffer", "storing a batch". */
  what: string;
  /** Errors worth waiting out (a service away); anything else is thrown at once. */
  retriable: (error: unknown) => boolean;
  /** Called while waiting, e.g. a consumer's heartbeat. */
  onWait?: () => Promise<void>;
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0];

/**
 * Runs `fn` until it succeeds, waiting out outages of any length with
 * exponential backoff (1 s doubling to 30 s): a worker of an open run never
 * gives up because Kafka or PostgreSQL went away for a while. Stops retrying
 * once the job is told to stop, and throws the last error then.
 */
export async function retryThroughOutage<T>(fn: () => Promise<T>, o: OutageOptions): Promise<T> {
  let delay = FIRST_DELAY_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const value = await fn();
      if (attempt > 1) o.log(`${o.what}: works again after ${attempt - 1} retr${attempt === 2 ? "y" : "ies"}`);
      return value;
    } catch (error) {
      if (o.signal.aborted || !o.retriable(error)) throw error;
      o.log(`${o.what}: ${firstLine(error)}; retrying in ${delay / 1000} s`);
      await o.onWait?.().catch(() => {});
      await sleep(delay, undefined, { signal: o.signal }).catch(() => {});
      if (o.signal.aborted) throw error;
      delay = Math.min(MAX_DELAY_MS, delay * 2);
    }
  }
}
