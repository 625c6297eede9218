import { db } from "@/lib/db";
import { edgesOf, type ReferenceStats } from "@/lib/quality/evaluate-checks";
import type { RunReference } from "@/lib/quality/run-reference";
import type { WindowResult } from "@/lib/results/schema";
import { sumWindows } from "@/lib/quality/window-sums";

/** A reference may be a run still open: its sums are read again after this long. */
const CACHE_MS = 60_000;
const cache = new Map<string, { at: number; stats: ReferenceStats | null }>();

/**
 * A reference's windows summed (in the database's order), with its drift-time
 * edges, cached per process: every window of every run checked against it reads it.
 */
export async function referenceStats(ref: RunReference): Promise<ReferenceStats | null> {
  const key = `${ref.runId}:${ref.fromWindow}:${ref.toWindow}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.stats;
  const window = { ...(ref.fromWindow !== null ? { gte: ref.fromWindow } : {}), ...(ref.toWindow !== null ? { lte: ref.toWindow } : {}) };
  const rows = await db.runWindow.findMany({ where: { runId: ref.runId, window }, orderBy: { window: "asc" }, select: { data: true } });
  // Stored windows were validated by the consumer that stored them.
  const sums = sumWindows(rows.map((r) => r.data as unknown as WindowResult));
  const stats = sums.windows > 0 ? { sums, edges: edgesOf(sums) } : null;
  cache.set(key, { at: Date.now(), stats });
  return stats;
}
