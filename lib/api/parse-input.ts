import type { z } from "zod";
import { CosmoError, type FieldErrors } from "@/lib/errors";

/**
 * Validates request input. A failure is a BAD_REQUEST naming every field and
 * what it expected, in the message and per field.
 */
export function parseInputOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const fields: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.join(".") || "input";
    fields[key] ??= issue.message;
  }
  const message = Object.entries(fields).map(([k, m]) => `${k}: ${m}`).join("; ");
  throw new CosmoError("BAD_REQUEST", message, { fields });
}

/** A query string as a plain object (the last value of a repeated key wins; empty values are left out). */
export function searchParamsObject(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(url).searchParams) if (v !== "") out[k] = v;
  return out;
}
