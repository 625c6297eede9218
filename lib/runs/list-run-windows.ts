import { z } from "zod";
import { db } from "@/lib/db";
import { getRunOrThrow } from "@/lib/runs/get-run-or-throw";
import { storedWindowSelect, toStoredWindow, type StoredWindow } from "@/lib/runs/stored-window";

export const listRunWindowsQuerySchema = z.object({
  after: z.coerce
    .number({ message: "expected a window number" })
    .int("expected a whole window number")
    .min(-1, "expected a window number of at least -1")
    // windows are stored as int4: a larger number is no window, and PostgreSQL would refuse it with a 500
    .max(2_147_483_647, "expected a window number of at most 2147483647")
    .optional(),
});

export type ListRunWindowsQuery = z.infer<typeof listRunWindowsQuerySchema>;

/** A run's stored windows in window order: all of them, or those after a given window. */
export async function listRunWindows(runId: string, query: ListRunWindowsQuery = {}): Promise<StoredWindow[]> {
  await getRunOrThrow(runId);
  const rows = await db.runWindow.findMany({
    where: { runId, ...(query.after === undefined ? {} : { window: { gt: query.after } }) },
    orderBy: { window: "asc" },
    select: storedWindowSelect,
  });
  return rows.map(toStoredWindow);
}
