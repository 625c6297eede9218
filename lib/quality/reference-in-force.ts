import { db } from "@/lib/db";
import type { RunReference } from "@/lib/quality/run-reference";

/** The reference in force on a cluster (its newest mark), as a new run freezes it; null when none was marked. */
export async function referenceInForce(clusterId: string): Promise<RunReference | null> {
  const mark = await db.referenceMark.findFirst({ where: { clusterId }, orderBy: { markedAt: "desc" } });
  return mark && { runId: mark.runId, fromWindow: mark.fromWindow, toWindow: mark.toWindow };
}
