import { clusterSpecSchema } from "@/lib/clusters/cluster-spec";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import type { Prisma, Run } from "@/lib/generated/prisma/client";
import { decide } from "@/lib/supervision/decide";
import { readHealthDetail } from "@/lib/runs/health-detail";
import { type BufferProcessProbe, observeRun } from "@/lib/supervision/observe-run";
import { pipelineAlarmObservations, syncPipelineAlarms } from "@/lib/supervision/pipeline-alarms";
import { restartComponent, stopRunComponents, type SupervisedRun } from "@/lib/supervision/restart-component";
import type { RunMemory } from "@/lib/supervision/run-memory";
import { withRunLock } from "@/lib/supervision/run-lock";

export interface TickContext {
  memory: RunMemory;
  bufferProbe: BufferProcessProbe;
  log: (message: string) => void;
}

/** A routine acting on the cluster (halt stopping the buffer, run starting it) owns its processes meanwhile. */
async function routineBusy(clusterId: string): Promise<boolean> {
  const busy = await db.routineExecution.count({
    where: { clusterId, OR: [{ status: "running" }, { status: "queued", routine: { in: ["halt", "dismiss"] } }] },
  });
  return busy > 0;
}

/**
 * One supervision tick of one open run: observe, decide, restart what died or
 * stalled, store the health, sync the alarms. Returns the memory to keep.
 */
export async function superviseRun(row: Run & { clusterId: string }, ctx: TickContext): Promise<RunMemory> {
  const result = await withRunLock(row.id, async () => {
    if (await routineBusy(row.clusterId)) return ctx.memory;
    const current = await db.run.findUnique({ where: { id: row.id }, select: { status: true, healthDetail: true } });
    if (current?.status !== "running") return ctx.memory;
    // A run opened by the run routine carries its frozen configuration; others (made by scripts) are not COSMO's to restart.
    const spec = clusterSpecSchema.safeParse(row.config);
    if (!spec.success) return ctx.memory;
    const run: SupervisedRun = {
      id: row.id,
      clusterId: row.clusterId,
      spec: spec.data,
      source: row.source as unknown as SupervisedRun["source"],
      detector: row.detector,
    };
    const databaseDownSince = ctx.memory.databaseOutage?.since ?? null;
    const obs = await observeRun(run, ctx.bufferProbe);
    const decision = decide({ obs, detail: readHealthDetail(current.healthDetail), memory: ctx.memory, startedAt: (row.startedAt ?? row.createdAt).getTime(), settings: run.spec.supervision });
    for (const component of decision.restart) {
      const c = decision.detail.components[component]!;
      ctx.log(`run ${run.id}: restarting ${component} (restart ${c.restarts}; ${c.lastError ?? "exited"})`);
      await restartComponent(run, component).catch((error: unknown) => {
        c.lastError = `restart failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 1000);
        ctx.log(`run ${run.id}: ${c.lastError}`);
      });
    }
    const data: Prisma.RunUpdateInput = { health: decision.health, healthDetail: decision.detail as object };
    if (decision.fail) {
      ctx.log(`run ${run.id} failed: ${decision.fail}`);
      await stopRunComponents(run);
      Object.assign(data, { status: "failed", endedAt: new Date() });
    }
    await db.run.update({ where: { id: run.id }, data });
    if (decision.fail) await recordAudit({ actor: { name: "supervisor" }, action: "run.failed", target: { type: "run", id: run.id }, details: { error: decision.fail } });
    await syncPipelineAlarms(pipelineAlarmObservations({ id: run.id, clusterId: run.clusterId, name: row.name }, decision), databaseDownSince);
    return decision.memory;
  });
  return result ?? ctx.memory;
}
