import { z } from "zod";

/** Where a run's raw text lives. `endpoint` is set only for an S3 other than COSMO's own. */
export const runSourceSchema = z.object({
  bucket: z.string().min(3).max(63),
  prefix: z.string().default(""),
  endpoint: z.string().url().optional(),
});

export type RunSource = z.infer<typeof runSourceSchema>;
