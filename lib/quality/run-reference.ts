import { z } from "zod";

/** A run's reference as frozen into it when it opened, and as the run summary API gives it. */
export const runReferenceSchema = z.object({
  runId: z.uuid(),
  /** Window indexes, inclusive; null: the reference run's first / last window. */
  fromWindow: z.number().int().nonnegative().nullable(),
  toWindow: z.number().int().nonnegative().nullable(),
});

export type RunReference = z.infer<typeof runReferenceSchema>;

/** The stored JSON (null, or written by createRun) as the API shows it. */
export function readRunReference(json: unknown): RunReference | null {
  const parsed = runReferenceSchema.safeParse(json);
  return parsed.success ? parsed.data : null;
}
