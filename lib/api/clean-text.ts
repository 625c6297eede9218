import { CosmoError } from "@/lib/errors";

/** JSON nested deeper than this is no COSMO document: refused before anything walks it. */
const MAX_DEPTH = 64;

// A high surrogate not followed by a low one, or a low one not preceded by a high one (String#isWellFormed, before ES2024's types).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * PostgreSQL's text can not hold U+0000 and a lone UTF-16 surrogate has no
 * UTF-8 form, so either one reaching the database is a 500; refused here, at
 * the edge, with the place it was found.
 */
export function assertCleanText(value: string, where: string): void {
  if (value.includes("\u0000")) throw new CosmoError("BAD_REQUEST", `${where} contains a NUL character`);
  if (LONE_SURROGATE.test(value)) throw new CosmoError("BAD_REQUEST", `${where} contains invalid Unicode (a lone surrogate)`);
}

/** Every key and string of a parsed JSON document is clean text, and the document is at most MAX_DEPTH deep. */
export function assertCleanJson(document: unknown): void {
  // Iterative: a hostile document must not exhaust the stack of the walk meant to refuse it.
  const stack: { value: unknown; depth: number }[] = [{ value: document, depth: 0 }];
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (typeof value === "string") assertCleanText(value, "the request body");
    if (typeof value !== "object" || value === null) continue;
    if (depth >= MAX_DEPTH) throw new CosmoError("BAD_REQUEST", `the request body is nested more than ${MAX_DEPTH} levels deep`);
    for (const [key, item] of Object.entries(value)) {
      assertCleanText(key, "the request body");
      stack.push({ value: item, depth: depth + 1 });
    }
  }
}

/** A percent-encoded URL part decoded strictly: malformed escapes and invalid UTF-8 are the caller's error, not U+FFFD. */
export function decodeUrlPart(part: string, where: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(part.replace(/\+/g, " "));
  } catch (error) {
    throw new CosmoError("BAD_REQUEST", `${where} has malformed percent-encoding`, { cause: error });
  }
  assertCleanText(decoded, where);
  return decoded;
}

/** Every segment of a request target's path and every name and value of its query decode to clean text. */
export function assertCleanUrl(target: string): void {
  const [path = "", query = ""] = target.split(/\?(.*)/s);
  for (const segment of path.split("/")) decodeUrlPart(segment, "the path");
  for (const part of query.split(/[&=]/)) decodeUrlPart(part, "the query");
}
