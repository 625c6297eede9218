import { setTimeout as sleep } from "node:timers/promises";
import { parseFlags } from "@/lib/cli/flags";
import { ApiClient, errorOf } from "@/lib/cli/remote/api-client";
import { CliExit, exitCodes } from "@/lib/cli/remote/exit-codes";
import { serverSentEvents } from "@/lib/cli/remote/server-sent-events";
import { writeStdout } from "@/lib/cli/write-stdout";
import type { WindowResult } from "@/lib/results/schema";

export const tailUsage = `usage: cosmo tail RUN [--json]

Follows a run's windows as they arrive (GET /api/runs/RUN/events), one line per
window, until the run ends; reconnects where it left off (Last-Event-ID).
  --json                     one cosmo.window.v1 document per line instead
`;

const RECONNECT_MS = 1000;
const MAX_RECONNECTS = 30;

export function windowLine(w: WindowResult): string {
  const dropped = Object.values(w.dropped.head).reduce((a, b) => a + b, 0) + w.dropped.unmappedChannel + w.dropped.malformed;
  return `window ${w.window}  orbits ${w.firstOrbit}-${w.lastOrbit}  records ${w.records}  hits ${w.totalHits} [${w.hitsPerChamber.join(" ")}]  scintillator orbits ${w.scintillatorOrbits}  dropped ${dropped}`;
}

const isOpen = (status: unknown) => status === "pending" || status === "running";

/** `cosmo tail RUN`: the live windows of a run in the terminal. */
export async function tailCommand(args: string[]): Promise<number> {
  let values, positionals;
  try {
    ({ values, positionals } = parseFlags(args, { json: { type: "boolean" } }));
  } catch (error) {
    throw new CliExit(exitCodes.usage, `${(error as Error).message}\n\n${tailUsage}`);
  }
  const [run, ...extra] = positionals;
  if (!run || extra.length) throw new CliExit(exitCodes.usage, tailUsage.trimEnd());
  const api = new ApiClient();
  let lastId: string | undefined;
  let reconnects = 0;
  for (;;) {
    try {
      const res = await api.fetch(`/api/runs/${encodeURIComponent(run)}/events`, { headers: { accept: "text/event-stream", ...(lastId ? { "last-event-id": lastId } : {}) } });
      if (!res.ok || !res.body) throw await errorOf(res);
      for await (const event of serverSentEvents(res.body)) {
        reconnects = 0;
        if (event.event === "end") return exitCodes.ok;
        if (event.event !== "message") continue;
        if (event.id !== undefined) lastId = event.id;
        const window = JSON.parse(event.data) as WindowResult;
        await writeStdout(`${values.json ? JSON.stringify(window) : windowLine(window)}\n`);
      }
    } catch (error) {
      if (!(error instanceof CliExit && error.code === exitCodes.unreachable) && !(error instanceof TypeError)) throw error;
      if (++reconnects > MAX_RECONNECTS) throw error instanceof CliExit ? error : new CliExit(exitCodes.unreachable, `lost the event stream: ${error.message}`);
    }
    // The stream closed: over if the run is, else the server restarted and we resume after lastId.
    const doc = await api.json<{ run?: { status?: string }; status?: string }>("GET", `/api/runs/${encodeURIComponent(run)}`).catch((e: unknown) => {
      if (e instanceof CliExit && e.code === exitCodes.unreachable) return null;
      throw e;
    });
    if (doc && !isOpen((doc.run ?? doc).status)) return exitCodes.ok;
    await sleep(RECONNECT_MS);
  }
}
