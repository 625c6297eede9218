import { numberFlag, parseFlags } from "@/lib/cli/flags";
import { table } from "@/lib/cli/output";
import { ApiClient } from "@/lib/cli/remote/api-client";
import { CliExit, exitCodes } from "@/lib/cli/remote/exit-codes";
import { writeStdout } from "@/lib/cli/write-stdout";
import type { ReferenceMarkView } from "@/lib/quality/reference-marks";

export const referenceUsage = `usage: cosmo reference RUN [--from N] [--to N] [--json]

Marks a run, or its windows N to M (inclusive), as the reference of its cluster:
every run opened on the cluster from now on is checked against it (REST API).
`;

export const referencesUsage = "usage: cosmo references --cluster NAME [--json]   a cluster's reference marks, the one in force first (REST API)\n";

function usageError(error: unknown, usage: string): CliExit {
  return new CliExit(exitCodes.usage, `${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
}

const range = (m: ReferenceMarkView) => (m.fromWindow === null && m.toWindow === null ? "whole run" : `windows ${m.fromWindow ?? "first"}-${m.toWindow ?? "last"}`);

/** `cosmo reference RUN`: POST /api/runs/RUN/reference. */
export async function referenceCommand(args: string[]): Promise<number> {
  let runId: string;
  let body: { fromWindow?: number; toWindow?: number };
  let json: boolean;
  try {
    const { values, positionals } = parseFlags(args, { from: { type: "string" }, to: { type: "string" }, json: { type: "boolean" } });
    if (positionals.length !== 1) throw new Error("give exactly one RUN");
    runId = positionals[0]!;
    body = { fromWindow: numberFlag("from", values.from), toWindow: numberFlag("to", values.to) };
    json = values.json ?? false;
  } catch (error) {
    throw usageError(error, referenceUsage);
  }
  const mark = await new ApiClient().json<ReferenceMarkView>("POST", `/api/runs/${encodeURIComponent(runId)}/reference`, body);
  await writeStdout(json ? `${JSON.stringify(mark, null, 2)}\n` : `run ${mark.runId} "${mark.runName}" (${range(mark)}, ${mark.windows} windows) is now the reference of its cluster\n`);
  return exitCodes.ok;
}

/** `cosmo references --cluster NAME`: the history of a cluster's reference marks. */
export async function referencesCommand(args: string[]): Promise<number> {
  let cluster: string;
  let json: boolean;
  try {
    const { values, positionals } = parseFlags(args, { cluster: { type: "string" }, json: { type: "boolean" } });
    if (positionals.length || !values.cluster) throw new Error("give --cluster NAME");
    cluster = values.cluster;
    json = values.json ?? false;
  } catch (error) {
    throw usageError(error, referencesUsage);
  }
  const { references } = await new ApiClient().json<{ references: ReferenceMarkView[] }>("GET", `/api/clusters/${encodeURIComponent(cluster)}/references`);
  if (json) await writeStdout(`${JSON.stringify(references, null, 2)}\n`);
  else await writeStdout(`${table(["RUN", "RANGE", "WINDOWS", "IN FORCE", "BY", "MARKED", "NAME"], references.map((m) => [m.runId, range(m), String(m.windows), m.inForce ? "yes" : "", m.markedBy, m.markedAt, m.runName]))}\n`);
  return exitCodes.ok;
}
