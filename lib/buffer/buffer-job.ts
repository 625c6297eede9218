import { bufferInputSchema } from "@/lib/buffer/buffer-input";
import { runBuffer, type BufferResult } from "@/lib/buffer/run-buffer";
import { CosmoError } from "@/lib/errors";
import type { JobDefinition } from "@/lib/jobs/job-definition";
import { retryThroughOutage } from "@/lib/jobs/retry-through-outage";

/**
 * S3 -> Kafka replay of one run's raw text (workers/buffer.ts). A broker,
 * database or S3 outage is waited out: each attempt resumes from the
 * transactional cursor, so nothing is lost or sent twice. COSMO's own
 * refusals (fenced by a newer buffer, no such run or topic) end it.
 */
export const bufferJob = {
  id: "buffer",
  input: bufferInputSchema,
  handler: (input, ctx) => retryThroughOutage(() => runBuffer(input, ctx), { ...ctx, what: "the buffer", retriable: (error) => !(error instanceof CosmoError) }),
} satisfies JobDefinition<typeof bufferInputSchema, BufferResult>;
