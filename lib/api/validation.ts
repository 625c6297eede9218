import type { z } from "zod";
import { assertCleanJson } from "@/lib/api/clean-text";
import { readBodyText } from "@/lib/api/request-body";
import { CosmoError, type FieldError } from "@/lib/errors";

const dotted = (path: readonly PropertyKey[]) => path.map(String).join(".");

/** Zod's issues as field errors; the root of the input is "(input)". */
export function fieldErrorsOf(error: z.ZodError, root: readonly PropertyKey[] = []): FieldError[] {
  return error.issues.map((issue) => ({ path: dotted([...root, ...issue.path]) || "(input)", message: issue.message }));
}

/** A BAD_REQUEST whose message lists every `path: expectation` and whose body carries them one by one. */
export function invalidFields(fields: FieldError[]): CosmoError {
  const list = fields.map((f) => `${f.path}: ${f.message}`).join("; ");
  return new CosmoError("BAD_REQUEST", `invalid input: ${list}`, { fields });
}

/** `root` prefixes the paths when the input is a part of a larger document (e.g. "params"). */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, root?: string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw invalidFields(fieldErrorsOf(parsed.error, root ? [root] : []));
  return parsed.data;
}

/**
 * The request's JSON body (`emptyAs` when there is none). A body that is not
 * JSON, not UTF-8, too large, too deep or holds text PostgreSQL can not store
 * is the caller's error (400, 413), for every route alike.
 */
export async function readJson(request: Request, emptyAs?: unknown): Promise<unknown> {
  const text = await readBodyText(request);
  if (!text.trim() && emptyAs !== undefined) return emptyAs;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new CosmoError("BAD_REQUEST", "the request body must be a JSON document", { cause: error });
  }
  assertCleanJson(document);
  return document;
}
