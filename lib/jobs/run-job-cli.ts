import { parseArgs } from "node:util";
import type { z } from "zod";
import { CosmoError } from "@/lib/errors";
import type { JobDefinition } from "@/lib/jobs/job-definition";

/** Option names in kebab-case (`--run-id`) map to the input's camelCase keys (`runId`). */
const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Runs a job as a process: `--option value` arguments validated by the job's schema,
 * SIGTERM/SIGINT abort the handler's signal (it finishes cleanly, exit 0), a bad input
 * exits 2 and a failure 1, each with a message a person can act on.
 */
export async function runJobCli<Schema extends z.ZodType, Result>(
  job: JobDefinition<Schema, Result>,
  options: Record<string, { type: "string" | "boolean" }>,
  argv: string[] = process.argv.slice(2),
): Promise<never> {
  let raw: Record<string, unknown>;
  try {
    raw = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    console.error(`${job.id}: ${(error as Error).message}`);
    process.exit(2);
  }
  const parsed = job.input.safeParse(Object.fromEntries(Object.entries(raw).map(([k, v]) => [camel(k), v])));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`${job.id}: --${issue.path.join(".").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`);
    process.exit(2);
  }
  const controller = new AbortController();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      console.log(`${job.id}: ${signal}, finishing the current step`);
      controller.abort();
    });
  }
  try {
    const result = await job.handler(parsed.data, { signal: controller.signal, log: (m) => console.log(`${job.id}: ${m}`) });
    console.log(`${job.id}: done ${JSON.stringify(result)}`);
    process.exit(0);
  } catch (error) {
    const message = error instanceof CosmoError ? error.message : String((error as Error).stack ?? error);
    console.error(`${job.id}: failed: ${message}`);
    if (error instanceof CosmoError && error.cause instanceof Error) console.error(`${job.id}: cause: ${error.cause.message}`);
    process.exit(1);
  }
}
