import type { z } from "zod";
import { CosmoError } from "@/lib/errors";

/** Parses input or throws BAD_REQUEST naming each field and what was expected. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, root = ""): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `${[root, ...i.path.map(String)].filter(Boolean).join(".") || "(input)"}: ${i.message}`);
  throw new CosmoError("BAD_REQUEST", lines.join("; "));
}
