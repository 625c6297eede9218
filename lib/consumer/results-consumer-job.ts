import { consumeResults, type ConsumeResultsSummary } from "@/lib/consumer/consume-results";
import { resultsConsumerInputSchema } from "@/lib/consumer/results-consumer-input";
import type { JobDefinition } from "@/lib/jobs/job-definition";

/** Results topic -> PostgreSQL, until stopped (workers/consumer.ts). */
export const resultsConsumerJob = {
  id: "results-consumer",
  input: resultsConsumerInputSchema,
  handler: consumeResults,
} satisfies JobDefinition<typeof resultsConsumerInputSchema, ConsumeResultsSummary>;
