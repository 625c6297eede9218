import { z } from "zod";

const flag = z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]);

export const resultsConsumerInputSchema = z.object({
  topic: z.string().min(1).default("cosmo-results"),
  groupId: z.string().min(1).default("cosmo-results-consumer"),
  /** Where a group without committed offsets starts. Replaying is harmless: windows are upserted. */
  fromBeginning: flag.default(true),
});

export type ResultsConsumerInput = z.output<typeof resultsConsumerInputSchema>;
