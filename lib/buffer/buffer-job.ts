import { bufferInputSchema } from "@/lib/buffer/buffer-input";
import { runBuffer, type BufferResult } from "@/lib/buffer/run-buffer";
import type { JobDefinition } from "@/lib/jobs/job-definition";

/** S3 -> Kafka replay of one run's raw text (workers/buffer.ts). */
export const bufferJob = {
  id: "buffer",
  input: bufferInputSchema,
  handler: runBuffer,
} satisfies JobDefinition<typeof bufferInputSchema, BufferResult>;
