import type { ActorName } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { getClusterOrThrow } from "@/lib/clusters/get-cluster-or-throw";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db-errors";
import { CosmoError } from "@/lib/errors";
import type { RoutineExecution } from "@/lib/generated/prisma/client";
import { RoutineName } from "@/lib/generated/prisma/enums";
import { parseOrThrow } from "@/lib/api/validation";
import { ROUTINE_QUEUE, routineQueue } from "@/lib/routines/routine-queue";
import { routines } from "@/lib/routines/routines";
import { notifyExecution } from "@/lib/routines/step-log";
import { z } from "zod";

export const routinePathSchema = z.object({ name: z.string(), routine: z.enum(RoutineName) });

/**
 * Queues a routine on a cluster. Refused with 409 while another routine is
 * queued or running there: the database's partial unique index decides, so
 * two requests at the same instant cannot both get in.
 */
export async function requestRoutine(input: { cluster: string; routine: RoutineName; params?: unknown }, actor: ActorName): Promise<RoutineExecution> {
  const cluster = await getClusterOrThrow(input.cluster);
  const definition = routines[input.routine];
  const params = parseOrThrow(definition.params, input.params ?? {}, "params") as object;
  let execution: RoutineExecution;
  try {
    execution = await db.routineExecution.create({
      data: { clusterId: cluster.id, routine: input.routine, params, requestedBy: actor.name },
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const busy = await db.routineExecution.findFirst({ where: { clusterId: cluster.id, status: { in: ["queued", "running"] } } });
    throw new CosmoError("CONFLICT", `cluster ${cluster.name} is busy: ${busy ? `${busy.routine} (${busy.id}) is ${busy.status}` : "another routine is under way"}; try again when it ends`);
  }
  try {
    await (await routineQueue()).send(ROUTINE_QUEUE, { executionId: execution.id });
  } catch (error) {
    await db.routineExecution.update({ where: { id: execution.id }, data: { status: "failed", error: "could not queue the routine", endedAt: new Date() } });
    throw new CosmoError("SERVICE_UNAVAILABLE", "the routine queue is unavailable", { cause: error });
  }
  await recordAudit({ actor, action: "routine.requested", target: { type: "routine", id: execution.id }, details: { cluster: cluster.name, routine: input.routine, params } });
  await notifyExecution(execution.id);
  return execution;
}
