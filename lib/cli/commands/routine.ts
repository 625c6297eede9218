import { parseFlags, numberFlag } from "@/lib/cli/flags";
import { ApiClient } from "@/lib/cli/remote/api-client";
import { CliExit, exitCodes } from "@/lib/cli/remote/exit-codes";
import { followExecution, type ExecutionDoc } from "@/lib/cli/remote/follow-execution";
import { writeStdout } from "@/lib/cli/write-stdout";

export const routineUsage = `usage: cosmo init|run|beat|halt|dismiss --cluster NAME [--wait] [--json] [options]

Queues the routine on the cluster through the REST API (COSMO_URL, COSMO_TOKEN).
  --wait                     follow the steps' output until the routine ends; exit 0 if it succeeded, 1 if not
  --json                     print the execution as JSON (with --wait: the ended one; the output goes to stderr)
  run:      --name NAME  --bucket BUCKET  --prefix PREFIX  --rate RECORDS_PER_S (0: as fast as possible)
  dismiss:  --delete-topics
Exit codes: 0 done, 1 failed, 2 bad usage, 3 server unreachable, 4 unauthorised.
`;

const flagOptions = {
  cluster: { type: "string" },
  wait: { type: "boolean" },
  json: { type: "boolean" },
  name: { type: "string" },
  bucket: { type: "string" },
  prefix: { type: "string" },
  rate: { type: "string" },
  "delete-topics": { type: "boolean" },
  help: { type: "boolean" },
} as const;

function paramsOf(routine: string, values: ReturnType<typeof parseFlags<typeof flagOptions>>["values"]): Record<string, unknown> {
  const runOnly = { name: values.name, bucket: values.bucket, prefix: values.prefix, rate: numberFlag("rate", values.rate) };
  const given = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
  const stray = routine === "run" ? undefined : Object.keys(given(runOnly))[0];
  if (stray) throw new CliExit(exitCodes.usage, `--${stray} is for run only`);
  if (values["delete-topics"] && routine !== "dismiss") throw new CliExit(exitCodes.usage, "--delete-topics is for dismiss only");
  return routine === "run" ? given(runOnly) : routine === "dismiss" ? { deleteTopics: values["delete-topics"] ?? false } : {};
}

/** `cosmo init|run|beat|halt|dismiss --cluster NAME`: a routine through the REST API. */
export async function routineCommand(routine: string, args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseFlags(args, flagOptions);
  } catch (error) {
    throw new CliExit(exitCodes.usage, `${(error as Error).message}\n\n${routineUsage}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    await writeStdout(routineUsage);
    return exitCodes.ok;
  }
  if (!values.cluster || positionals.length) throw new CliExit(exitCodes.usage, `${values.cluster ? `unexpected ${positionals[0]}` : "--cluster NAME is required"}\n\n${routineUsage}`);
  const params = paramsOf(routine, values);
  const api = new ApiClient();
  const { execution } = await api.json<{ execution: ExecutionDoc }>("POST", `/api/clusters/${encodeURIComponent(values.cluster)}/routines/${routine}`, params);
  if (!values.wait) {
    await writeStdout(values.json ? `${JSON.stringify(execution, null, 2)}\n` : `${routine} queued on ${values.cluster}: execution ${execution.id} (follow it with --wait)\n`);
    return exitCodes.ok;
  }
  // With --json stdout carries the final document only, so the progress goes to stderr.
  const write = values.json ? (t: string) => process.stderr.write(t) : (t: string) => process.stdout.write(t);
  write(`${routine} on ${values.cluster}: execution ${execution.id}\n`);
  const ended = await followExecution(api, execution.id, write);
  if (values.json) await writeStdout(`${JSON.stringify(ended, null, 2)}\n`);
  else await writeStdout(`${routine} ${ended.status}${ended.error ? `: ${ended.error}` : ""}${ended.runId ? ` (run ${ended.runId})` : ""}\n`);
  return ended.status === "succeeded" ? exitCodes.ok : exitCodes.failed;
}
