import { recordAudit } from "@/lib/audit/record-audit";
import { type Cluster, getClusterOrThrow } from "@/lib/clusters/get-cluster-or-throw";
import { lostHosts, probeCluster, stateOf } from "@/lib/clusters/probe-cluster";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import type { RoutineExecution } from "@/lib/generated/prisma/client";
import { getOpenRun } from "@/lib/routines/open-run";
import { RoutineContext } from "@/lib/routines/routine-context";
import { routines } from "@/lib/routines/routines";
import { notifyExecution } from "@/lib/routines/step-log";

/**
 * Runs a queued execution once. Taking it (queued -> running) is a
 * conditional update, so a job delivered twice runs it once. Whatever the
 * outcome, the cluster's recorded state is then probed from the cluster itself.
 */
export async function executeRoutine(executionId: string, log: (m: string) => void = console.log): Promise<void> {
  const { count } = await db.routineExecution.updateMany({ where: { id: executionId, status: "queued" }, data: { status: "running", startedAt: new Date() } });
  if (count === 0) return log(`execution ${executionId} is not queued any more: nothing to do`);
  const execution = await db.routineExecution.findUniqueOrThrow({ where: { id: executionId } });
  await notifyExecution(executionId);
  const cluster = await getClusterOrThrow(execution.clusterId);
  const definition = routines[execution.routine];
  const ctx = new RoutineContext(executionId, cluster, execution.requestedBy);
  log(`${execution.routine} on ${cluster.name} (${executionId}) started`);
  let outcome: ExecutionOutcome;
  try {
    const result = await definition.run(ctx, definition.params.parse(execution.params));
    const runId = "runId" in result && typeof result.runId === "string" ? result.runId : undefined;
    outcome = { status: "succeeded", result, runId };
  } catch (error) {
    if (!(error instanceof CosmoError)) console.error(error);
    outcome = { status: "failed", error: error instanceof CosmoError ? error.message : "internal error (see the routine worker's log)" };
  } finally {
    ctx.close();
  }
  await endExecution(execution, cluster, outcome, log);
}

export type ExecutionOutcome = { status: "succeeded"; result: object; runId?: string } | { status: "failed"; error: string };

/** Records how an execution ended, after the state it left the cluster in; audited, and told to watchers. */
export async function endExecution(execution: RoutineExecution, cluster: Cluster, outcome: ExecutionOutcome, log: (m: string) => void): Promise<void> {
  // Recorded before the execution ends: whoever sees it ended also sees the state it left.
  await recordClusterState(cluster.id).catch((e: Error) => log(`could not probe ${cluster.name}: ${e.message}`));
  await db.routineExecution.update({ where: { id: execution.id }, data: { ...outcome, endedAt: new Date() } });
  await recordAudit({
    actor: { name: execution.requestedBy },
    action: `routine.${outcome.status}`,
    target: { type: "routine", id: execution.id },
    details: { cluster: cluster.name, routine: execution.routine, ...(outcome.status === "failed" ? { error: outcome.error } : { runId: outcome.runId ?? null }) },
  });
  await notifyExecution(execution.id);
  log(`${execution.routine} on ${cluster.name} ${outcome.status}${outcome.status === "failed" ? `: ${outcome.error}` : ""}`);
}

/** Probes the cluster and records what answers: never an assumed state. */
export async function recordClusterState(clusterId: string): Promise<void> {
  const cluster = await getClusterOrThrow(clusterId);
  const [probe, run] = await Promise.all([probeCluster(cluster.spec), getOpenRun(cluster.id)]);
  await db.clusterConfig.update({ where: { id: cluster.id }, data: { state: stateOf(probe, run !== null), lostHosts: lostHosts(cluster.spec, probe.kafka, probe.sparkMaster) } });
}
