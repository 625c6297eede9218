import { parseArgs, type ParseArgsConfig } from "node:util";
import type { z } from "zod";
import { CosmoError } from "@/lib/errors";

type FlagOptions = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs with positionals allowed; its errors become user errors. */
export function parseFlags<T extends FlagOptions>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CosmoError("BAD_REQUEST", error instanceof Error ? error.message : String(error), { cause: error });
  }
}

const bad = (flag: string, raw: string, what: string) => new CosmoError("BAD_REQUEST", `--${flag}: "${raw}" is not ${what}`);

/** A number flag (range and integer checks belong to the schema it feeds). */
export function numberFlag(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value)) throw bad(flag, raw, "a number");
  return value;
}

/** Colon-separated numbers, e.g. FPGA:CHANNEL: exactly `arity` of them. */
export function tupleFlag(flag: string, raw: string, arity: number, shape: string): number[] {
  const parts = raw.split(":");
  if (parts.length !== arity) throw bad(flag, raw, `of the form ${shape}`);
  return parts.map((p) => numberFlag(flag, p)!);
}

/**
 * Validates `input` with `schema`; an issue is reported against the flag
 * that set the offending value, so the user knows which one to fix.
 */
export function parseWithFlagsOrThrow<S extends z.ZodType>(schema: S, input: unknown, flagOf: (path: PropertyKey[]) => string): z.infer<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => `--${flagOf(issue.path)}: ${issue.message}`);
  throw new CosmoError("BAD_REQUEST", [...new Set(lines)].join("\n"));
}
