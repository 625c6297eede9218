import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import { isUuid } from "@/lib/is-uuid";

/** An execution with its steps in order and its cluster's name. */
export async function getRoutineExecutionOrThrow(id: string) {
  const execution = isUuid(id)
    ? await db.routineExecution.findUnique({ where: { id }, include: { steps: { orderBy: { index: "asc" } }, cluster: { select: { name: true } } } })
    : null;
  if (!execution) throw new CosmoError("NOT_FOUND", `routine execution ${id} not found`);
  return execution;
}

export type RoutineExecutionWithSteps = Awaited<ReturnType<typeof getRoutineExecutionOrThrow>>;
