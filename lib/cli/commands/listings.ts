import { parseFlags } from "@/lib/cli/flags";
import { table } from "@/lib/cli/output";
import { ApiClient } from "@/lib/cli/remote/api-client";
import { CliExit, exitCodes } from "@/lib/cli/remote/exit-codes";
import { writeStdout } from "@/lib/cli/write-stdout";

function flagsOrUsage<T extends Parameters<typeof parseFlags>[1]>(args: string[], options: T, usage: string) {
  try {
    const parsed = parseFlags(args, options);
    if (parsed.positionals.length) throw new Error(`unexpected ${parsed.positionals[0]}`);
    return parsed.values;
  } catch (error) {
    throw new CliExit(exitCodes.usage, `${(error as Error).message}\n\n${usage}`);
  }
}

interface ClusterDoc {
  name: string;
  state: string;
  description: string;
  hosts: { name: string; address: string }[];
  updatedAt: string;
}

export const clustersUsage = "usage: cosmo clusters [--json]   the cluster configurations and their state (REST API)\n";

/** `cosmo clusters`: the configurations and their state. */
export async function clustersCommand(args: string[]): Promise<number> {
  const values = flagsOrUsage(args, { json: { type: "boolean" } }, clustersUsage);
  const { clusters } = await new ApiClient().json<{ clusters: ClusterDoc[] }>("GET", "/api/clusters");
  if (values.json) await writeStdout(`${JSON.stringify(clusters, null, 2)}\n`);
  else await writeStdout(`${table(["CLUSTER", "STATE", "HOSTS", "DESCRIPTION"], clusters.map((c) => [c.name, c.state, c.hosts.map((h) => h.name).join(","), c.description]))}\n`);
  return exitCodes.ok;
}

interface RunDoc {
  id: string;
  name: string;
  status: string;
  clusterName: string | null;
  startedBy: string;
  createdAt: string;
  totals: { windows: number; records: number; loss: string | null };
  health: string;
  healthDetail: { reasons: string[] };
  worstFlag: string | null;
}

export const runsUsage = "usage: cosmo runs [--cluster NAME] [--status pending|running|halted|failed|completed] [--limit N] [--json]   runs, newest first (REST API)\n";

/** `cosmo runs`: runs, newest first, filtered by cluster and status. */
export async function runsCommand(args: string[]): Promise<number> {
  const values = flagsOrUsage(args, { cluster: { type: "string" }, status: { type: "string" }, limit: { type: "string" }, json: { type: "boolean" } }, runsUsage);
  const api = new ApiClient();
  // The history filters by cluster id; people name clusters.
  const clusterId = values.cluster ? (await api.json<{ id: string }>("GET", `/api/clusters/${encodeURIComponent(values.cluster)}`)).id : undefined;
  const query = new URLSearchParams(Object.entries({ clusterId, status: values.status, limit: values.limit }).filter((e): e is [string, string] => e[1] !== undefined));
  const { runs } = await api.json<{ runs: RunDoc[] }>("GET", `/api/runs${query.size ? `?${query}` : ""}`);
  if (values.json) await writeStdout(`${JSON.stringify(runs, null, 2)}\n`);
  else {
    const cells = runs.map((r) => [r.id, r.status, r.health, r.worstFlag ?? "-", r.clusterName ?? "-", String(r.totals.windows), String(r.totals.records), r.startedBy || "-", r.createdAt, r.name]);
    // Why a run is not ok, or what a closed one lost, under the table: a shifter reads it first.
    const notes = runs.flatMap((r) => [...(r.health === "ok" ? [] : r.healthDetail.reasons.map((why) => `${r.id} ${r.health}: ${why}`)), ...(r.totals.loss ? [`${r.id} lost: ${r.totals.loss}`] : [])]);
    await writeStdout(`${table(["RUN", "STATUS", "HEALTH", "QUALITY", "CLUSTER", "WINDOWS", "RECORDS", "BY", "CREATED", "NAME"], cells)}\n${notes.map((n) => `${n}\n`).join("")}`);
  }
  return exitCodes.ok;
}
