import { z } from "zod";
import { db } from "@/lib/db";
import { storedWindowSelect, type StoredWindowRow } from "@/lib/runs/stored-window";

/** A window number in a query: windows are stored as int4, a larger number is no window (and PostgreSQL would refuse it with a 500). */
export const windowIndexParam = z.coerce
  .number({ message: "expected a window number" })
  .int("expected a whole window number")
  .min(0, "expected a window number of at least 0")
  .max(2_147_483_647, "expected a window number of at most 2147483647");

/** `from` and `to` inclusive, either left out for the run's start or end. */
export const windowRangeQuerySchema = z
  .object({ from: windowIndexParam.optional(), to: windowIndexParam.optional() })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: "from must not be after to", path: ["to"] });

export type WindowRange = z.infer<typeof windowRangeQuerySchema>;

/**
 * A run's stored windows in the range, in window order, a page at a time
 * (keyset on the window number): memory stays that of one page whatever the
 * run's length, and a reader that stops asking stops the reads.
 */
export async function* storedWindowPages(runId: string, range: WindowRange, pageSize = 200): AsyncGenerator<StoredWindowRow[]> {
  let after = (range.from ?? 0) - 1;
  for (;;) {
    const rows = await db.runWindow.findMany({
      where: { runId, window: { gt: after, ...(range.to === undefined ? {} : { lte: range.to }) } },
      orderBy: { window: "asc" },
      take: pageSize,
      select: storedWindowSelect,
    });
    if (rows.length > 0) yield rows;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.window;
  }
}
