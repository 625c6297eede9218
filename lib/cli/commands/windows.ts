import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseFlags } from "@/lib/cli/flags";
import { ApiClient, errorOf } from "@/lib/cli/remote/api-client";
import { CliExit, exitCodes } from "@/lib/cli/remote/exit-codes";

export const windowsUsage = `usage: cosmo windows RUN [--from N] [--to N]

Writes a run's stored windows to stdout as JSON Lines (GET /api/runs/RUN/windows.jsonl),
one { window, receivedAt, updatedAt, result } per line in window order, streamed:
any run, at the pace of whatever reads the output.
  --from N, --to N           only windows N and later, or up to N (inclusive)
`;

/** `cosmo windows RUN > run.jsonl`: the API's stream piped to stdout, so a slow reader slows the download, not memory. */
export async function windowsCommand(args: string[]): Promise<number> {
  let values, positionals;
  try {
    ({ values, positionals } = parseFlags(args, { from: { type: "string" }, to: { type: "string" } }));
  } catch (error) {
    throw new CliExit(exitCodes.usage, `${(error as Error).message}\n\n${windowsUsage}`);
  }
  const [run, ...extra] = positionals;
  if (!run || extra.length) throw new CliExit(exitCodes.usage, windowsUsage.trimEnd());
  const q = new URLSearchParams();
  if (values.from !== undefined) q.set("from", values.from);
  if (values.to !== undefined) q.set("to", values.to);
  const res = await new ApiClient().fetch(`/api/runs/${encodeURIComponent(run)}/windows.jsonl${q.size ? `?${q}` : ""}`);
  if (!res.ok || !res.body) throw await errorOf(res);
  await pipeline(Readable.fromWeb(res.body as import("node:stream/web").ReadableStream<Uint8Array>), process.stdout, { end: false });
  return exitCodes.ok;
}
