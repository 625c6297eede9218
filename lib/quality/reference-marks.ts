import { z } from "zod";
import type { ActorName } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { getClusterRowOrThrow } from "@/lib/clusters/get-cluster-or-throw";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import type { ReferenceMark } from "@/lib/generated/prisma/client";
import type { RunReference } from "@/lib/quality/run-reference";
import { getRunOrThrow } from "@/lib/runs/get-run-or-throw";

const windowIndex = z.number().int().nonnegative().max(2 ** 31 - 1);

/** POST /api/runs/ID/reference: a window range of the run (inclusive), or the whole run. */
export const markReferenceInputSchema = z
  .object({ fromWindow: windowIndex.nullable().default(null), toWindow: windowIndex.nullable().default(null) })
  .refine((r) => r.fromWindow === null || r.toWindow === null || r.fromWindow <= r.toWindow, { message: "must not be below fromWindow", path: ["toWindow"] });

export interface ReferenceMarkView extends RunReference {
  id: string;
  clusterId: string;
  runName: string;
  /** Windows of the run within the range when it was marked. */
  windows: number;
  markedBy: string;
  markedAt: string;
  /** The newest mark of its cluster: the reference new runs get. */
  inForce: boolean;
}

const view = (m: ReferenceMark & { run: { name: string } }, windows: number, inForce: boolean): ReferenceMarkView => ({
  id: m.id,
  clusterId: m.clusterId,
  runId: m.runId,
  runName: m.run.name,
  fromWindow: m.fromWindow,
  toWindow: m.toWindow,
  windows,
  markedBy: m.markedBy,
  markedAt: m.markedAt.toISOString(),
  inForce,
});

const windowsIn = (runId: string, from: number | null, to: number | null) =>
  db.runWindow.count({ where: { runId, window: { ...(from !== null ? { gte: from } : {}), ...(to !== null ? { lte: to } : {}) } } });

/**
 * Marks a run, or a window range of it, as its cluster's reference: the
 * reference every run opened on the cluster from now on is checked against.
 * Earlier marks stay, as the history.
 */
export async function markReference(runId: string, input: z.input<typeof markReferenceInputSchema>, actor: ActorName): Promise<ReferenceMarkView> {
  const { fromWindow, toWindow } = markReferenceInputSchema.parse(input);
  const run = await getRunOrThrow(runId);
  if (!run.clusterId) throw new CosmoError("CONFLICT", `run ${run.id} belongs to no cluster: it cannot be a cluster's reference`);
  const windows = await windowsIn(run.id, fromWindow, toWindow);
  if (windows === 0) throw new CosmoError("CONFLICT", `run ${run.id} has no stored window in that range: a reference needs data`);
  const mark = await db.$transaction(async (tx) => {
    const created = await tx.referenceMark.create({ data: { clusterId: run.clusterId!, runId: run.id, fromWindow, toWindow, markedBy: actor.name }, include: { run: { select: { name: true } } } });
    await recordAudit({ actor, action: "reference.marked", target: { type: "run", id: run.id }, details: { clusterId: run.clusterId!, fromWindow, toWindow } }, tx);
    return created;
  });
  return view(mark, windows, true);
}

/** A cluster's reference marks, newest (the one in force) first. */
export async function listReferenceMarks(clusterIdOrName: string): Promise<ReferenceMarkView[]> {
  const cluster = await getClusterRowOrThrow(clusterIdOrName);
  const marks = await db.referenceMark.findMany({ where: { clusterId: cluster.id }, orderBy: { markedAt: "desc" }, include: { run: { select: { name: true } } }, take: 200 });
  return Promise.all(marks.map(async (m, i) => view(m, await windowsIn(m.runId, m.fromWindow, m.toWindow), i === 0)));
}
