import { addWindow, emptyAggregate, type RunAggregate } from "@/lib/live/run-aggregate";
import { windowResultSchema } from "@/lib/results/schema";
import { getRunOrThrow } from "@/lib/runs/get-run-or-throw";
import { storedWindowPages, type WindowRange } from "@/lib/runs/window-range";

/** A run's histograms summed over a window range, with the orbits they span: what a reference overlay is drawn from. */
export interface RunHistograms {
  runId: string;
  /** The range asked for (null: the run's start or end). */
  fromWindow: number | null;
  toWindow: number | null;
  /** First and last window stored in the range (null: none). */
  firstWindow: number | null;
  lastWindow: number | null;
  aggregate: RunAggregate;
}

/** Summed where the windows are, page by page: a reference of hours answers a few kilobytes. */
export async function sumRunHistograms(runId: string, range: WindowRange): Promise<RunHistograms> {
  await getRunOrThrow(runId);
  const aggregate = emptyAggregate();
  let firstWindow: number | null = null;
  let lastWindow: number | null = null;
  for await (const page of storedWindowPages(runId, range)) {
    firstWindow ??= page[0]!.window;
    lastWindow = page.at(-1)!.window;
    for (const row of page) addWindow(aggregate, windowResultSchema.parse(row.data));
  }
  return { runId, fromWindow: range.from ?? null, toWindow: range.to ?? null, firstWindow, lastWindow, aggregate };
}
