import { getClusterOrThrow } from "@/lib/clusters/get-cluster-or-throw";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import type { RoutineExecution } from "@/lib/generated/prisma/client";
import { endExecution } from "@/lib/routines/execute-routine";
import { RoutineContext } from "@/lib/routines/routine-context";
import { undoRun } from "@/lib/routines/undo-run";

const DIED = "the routine worker stopped during this routine (killed or crashed)";

/**
 * Closes one execution a dead worker left running: its unfinished step and
 * the execution end failed, saying why; a run it was opening (still pending)
 * is undone, so that no run stays open without its processes and no process
 * of it is left; then the cluster's state is probed as after any routine.
 */
async function recoverExecution(execution: RoutineExecution, log: (m: string) => void): Promise<void> {
  const cluster = await getClusterOrThrow(execution.clusterId);
  const interrupted = await db.routineStep.findMany({ where: { executionId: execution.id, status: "running" }, select: { id: true } });
  for (const step of interrupted) {
    await db.$executeRaw`update routine_step set status = 'failed', ended_at = now(), output = output || ${`interrupted: ${DIED}\n`} where id = ${step.id}::uuid`;
  }
  const steps = await db.routineStep.count({ where: { executionId: execution.id } });
  const ctx = new RoutineContext(execution.id, cluster, execution.requestedBy, steps);
  try {
    await ctx
      .step("the routine worker stopped", null, () => {
        throw new CosmoError("SERVICE_FAILED", `${DIED}; a new worker took over and closes it`);
      })
      .catch(() => {});
    if (execution.routine === "run") {
      // Only the run routine opens runs, one at a time per cluster: a pending run of its cluster is the one it was opening.
      const opening = await db.run.findMany({ where: { clusterId: cluster.id, status: "pending", createdAt: { gte: execution.startedAt ?? execution.createdAt } } });
      for (const run of opening) await undoRun(ctx, run.id);
    }
  } finally {
    ctx.close();
  }
  await endExecution(execution, cluster, { status: "failed", error: `${DIED}; what it had started was stopped and its cluster probed again` }, log);
}

/**
 * Run by a routine worker as it starts, before it takes jobs: whatever is
 * still running was taken by a worker that is gone (one worker per COSMO
 * home, `cosmo up` stops the old one before starting another). Closing those
 * releases their clusters (at most one routine queued or running per cluster).
 */
export async function recoverAbandonedExecutions(log: (m: string) => void): Promise<number> {
  const abandoned = await db.routineExecution.findMany({ where: { status: "running" }, orderBy: { createdAt: "asc" } });
  for (const execution of abandoned) {
    log(`${execution.routine} ${execution.id} was left running by a worker that is gone: closing it`);
    await recoverExecution(execution, log);
  }
  return abandoned.length;
}
