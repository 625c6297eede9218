import { db } from "@/lib/db";
import { storedWindowSelect, toStoredWindow, type StoredWindow } from "@/lib/runs/stored-window";

/** Windows numbered above `after`, in order, at most `limit` of them. */
export async function windowsAfter(runId: string, after: number, limit: number): Promise<StoredWindow[]> {
  const rows = await db.runWindow.findMany({
    where: { runId, window: { gt: after } },
    orderBy: { window: "asc" },
    take: limit,
    select: storedWindowSelect,
  });
  return rows.map(toStoredWindow);
}

/**
 * Windows up to `after` that changed (re-emitted, or stored late) since window
 * `after` was first stored: a client that had `after` may not have seen them.
 * It may have seen some: a window sent again replaces itself, so that is harmless.
 */
export async function windowsChangedSince(runId: string, after: number): Promise<StoredWindow[]> {
  if (after < 0) return [];
  const mark = await db.runWindow.findUnique({ where: { runId_window: { runId, window: after } }, select: { receivedAt: true } });
  if (!mark) return [];
  const rows = await db.runWindow.findMany({
    where: { runId, window: { lte: after }, updatedAt: { gt: mark.receivedAt } },
    orderBy: { window: "asc" },
    select: storedWindowSelect,
  });
  return rows.map(toStoredWindow);
}

/** The current rows of the given windows. */
export async function windowsByNumber(runId: string, windows: number[]): Promise<StoredWindow[]> {
  const rows = await db.runWindow.findMany({ where: { runId, window: { in: windows } }, orderBy: { window: "asc" }, select: storedWindowSelect });
  return rows.map(toStoredWindow);
}
