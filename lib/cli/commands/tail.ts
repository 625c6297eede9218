import { setTimeout as sleep } from "node:timers/promises";
import { parseFlags } from "@/lib/cli/flags";
import { ApiClient, errorOf } from "@/lib/cli/remote/api-client";
import { CliExit, exitCodes } from "@/lib/cli/remote/exit-codes";
import { writeStdout } from "@/lib/cli/write-stdout";
import type { PipelineStatus } from "@/lib/live/pipeline-status";
import { SseParser, type ParsedSseEvent } from "@/lib/live/sse-parser";
import type { WindowResult } from "@/lib/results/schema";

export const tailUsage = `usage: cosmo tail RUN [--json]

Follows a run's windows as they arrive (GET /api/runs/RUN/events, docs/live-events.md),
one line per window, until the run has ended and every window is printed; after a
lost connection it resumes where it left off (Last-Event-ID).
  --json                     one cosmo.window.v1 document per line instead
`;

const RECONNECT_MS = 1000;
const MAX_RECONNECTS = 30;

export function windowLine(w: WindowResult, updated: boolean): string {
  const dropped = Object.values(w.dropped.head).reduce((a, b) => a + b, 0) + w.dropped.unmappedChannel + w.dropped.malformed;
  return `window ${w.window}${updated ? " (updated)" : ""}  orbits ${w.firstOrbit}-${w.lastOrbit}  records ${w.records}  hits ${w.totalHits} [${w.hitsPerChamber.join(" ")}]  scintillator orbits ${w.scintillatorOrbits}  dropped ${dropped}`;
}

const isOpen = (status: string) => status === "pending" || status === "running";

/**
 * Reads one connection of the stream. Resolves true when the run has ended
 * and its recorded windows are all printed (caught-up, then a pipeline event
 * with a closed run), false when the connection ended first.
 */
async function readStream(body: ReadableStream<Uint8Array>, print: (e: ParsedSseEvent) => Promise<void>): Promise<boolean> {
  const events: ParsedSseEvent[] = [];
  const parser = new SseParser((e) => events.push(e));
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let caughtUp = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return false;
    parser.push(decoder.decode(value, { stream: true }));
    for (const event of events.splice(0)) {
      if (event.event === "window") await print(event);
      else if (event.event === "caught-up") caughtUp = true;
      else if (event.event === "pipeline" && caughtUp && !isOpen((JSON.parse(event.data) as PipelineStatus).runStatus)) {
        await reader.cancel();
        return true;
      }
    }
  }
}

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
  const print = async (event: ParsedSseEvent) => {
    reconnects = 0;
    if (event.id !== undefined) lastId = event.id;
    const { result } = JSON.parse(event.data) as { result: WindowResult };
    await writeStdout(`${values.json ? JSON.stringify(result) : windowLine(result, event.id === undefined)}\n`);
  };
  for (;;) {
    try {
      const res = await api.fetch(`/api/runs/${encodeURIComponent(run)}/events`, { headers: { accept: "text/event-stream", ...(lastId ? { "last-event-id": lastId } : {}) } });
      if (!res.ok || !res.body) throw await errorOf(res);
      if (await readStream(res.body, print)) return exitCodes.ok;
    } catch (error) {
      const lost = (error instanceof CliExit && error.code === exitCodes.unreachable) || error instanceof TypeError;
      if (!lost) throw error;
      if (++reconnects > MAX_RECONNECTS) throw error instanceof CliExit ? error : new CliExit(exitCodes.unreachable, `lost the event stream: ${error.message}`);
    }
    await sleep(RECONNECT_MS);
  }
}
