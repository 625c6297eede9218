import { db } from "@/lib/db";
import { windowResultSchema, type WindowResult } from "@/lib/results/schema";

/** The stored windows of a run, in window order, as the wire schema describes them. */
export async function getRunWindows(runId: string): Promise<WindowResult[]> {
  const rows = await db.runWindow.findMany({ where: { runId }, orderBy: { window: "asc" }, select: { data: true } });
  return rows.map((r) => windowResultSchema.parse(r.data));
}
