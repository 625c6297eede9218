import type { z } from "zod";

export interface JobContext {
  /** Aborted on SIGTERM/SIGINT: a handler finishes what it started (a transaction, a batch) and returns. */
  signal: AbortSignal;
  log: (message: string) => void;
}

/** A unit of background work: workers/*.ts run one from the command line; a scheduler can run it in-process. */
export interface JobDefinition<Schema extends z.ZodType, Result> {
  id: string;
  input: Schema;
  handler: (input: z.output<Schema>, context: JobContext) => Promise<Result>;
}
