import type { z } from "zod";
import { CosmoError, type FieldError } from "@/lib/errors";

const dotted = (path: readonly PropertyKey[]) => path.map(String).join(".");

/** Zod's issues as field errors; the root of the input is "(input)". */
export function fieldErrorsOf(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: dotted(issue.path) || "(input)", message: issue.message }));
}

/** A BAD_REQUEST whose message lists every `path: expectation` and whose body carries them one by one. */
export function invalidFields(fields: FieldError[]): CosmoError {
  const list = fields.map((f) => `${f.path}: ${f.message}`).join("; ");
  return new CosmoError("BAD_REQUEST", `invalid input: ${list}`, { fields });
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidFields(fieldErrorsOf(parsed.error));
  return parsed.data;
}

/** The request's JSON body; a body that is not JSON is the caller's error, not ours. */
export async function readJson(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch (error) {
    throw new CosmoError("BAD_REQUEST", "the request body must be a JSON document", { cause: error });
  }
}
