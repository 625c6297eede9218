import { recordAudit } from "@/lib/audit/record-audit";
import { hostWithRole } from "@/lib/clusters/cluster-spec";
import { db } from "@/lib/db";
import type { RoutineContext } from "@/lib/routines/routine-context";
import { bufferDaemon, consumerDaemon, statsJobDaemon, stopLocalDaemon } from "@/lib/routines/run-processes";

/**
 * Stops whatever a run routine started for `runId` (buffer, Spark job, the
 * cluster's results consumer) and marks the run failed: a run that could not
 * start never stays open, and no process of it is left behind. Used when a
 * step of the run routine fails, and when the routine worker died during one.
 */
export async function undoRun(ctx: RoutineContext, runId: string): Promise<void> {
  const bufferHost = hostWithRole(ctx.spec, "buffer");
  await ctx
    .step("undo: stop what this run started", null, async (out) => {
      await ctx.cosmo(bufferHost, out, ["worker", "stop", bufferDaemon(runId)]).catch((e: Error) => out.line(`buffer: ${e.message}`));
      out.line((await stopLocalDaemon(statsJobDaemon(runId))) ? "Spark job stopped" : "no Spark job was running");
      out.line((await stopLocalDaemon(consumerDaemon(ctx.cluster.id))) ? "results consumer stopped" : "no results consumer was running");
      await db.run.update({ where: { id: runId }, data: { status: "failed", endedAt: new Date() } });
      await recordAudit({ actor: { name: ctx.requestedBy }, action: "run.failed", target: { type: "run", id: runId }, details: { cluster: ctx.cluster.name, execution: ctx.executionId } });
      out.line(`run ${runId} marked failed`);
    })
    .catch(() => {});
}
