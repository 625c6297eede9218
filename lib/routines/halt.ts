import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { hostWithRole, kafkaBrokersOf } from "@/lib/clusters/cluster-spec";
import { recordAudit } from "@/lib/audit/record-audit";
import { clearAlarmsOfRun } from "@/lib/alarms/sync-alarm";
import { db } from "@/lib/db";
import { runAccounting } from "@/lib/runs/run-accounting";
import { waitForRunLock } from "@/lib/supervision/run-lock";
import { groupLag } from "@/lib/kafka/group-lag";
import { getOpenRun } from "@/lib/routines/open-run";
import { type RoutineContext, StepSkipped } from "@/lib/routines/routine-context";
import { defineRoutine } from "@/lib/routines/routine-definition";
import { bufferDaemon, consumerDaemon, daemonAlive, statsJobDaemon, stopLocalDaemon } from "@/lib/routines/run-processes";

/** The job flushes open windows after 3 s without input; this covers that and a few triggers. */
const QUIET_MS = 5000;
const DRAIN_LIMIT_MS = 30_000;

async function windowsFingerprint(runId: string): Promise<string> {
  const [row] = await db.$queryRaw<{ n: bigint; last: Date | null }[]>`select count(*) as n, max(updated_at) as last from run_window where run_id = ${runId}::uuid`;
  return `${row?.n}/${row?.last?.toISOString()}`;
}

/** Waits until the run's stored windows stop changing for QUIET_MS (bounded). */
async function waitForQuiet(runId: string): Promise<boolean> {
  const deadline = Date.now() + DRAIN_LIMIT_MS;
  let last = await windowsFingerprint(runId);
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(500);
    const now = await windowsFingerprint(runId);
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= QUIET_MS) return true;
  }
  return false;
}

/**
 * Stops the open run, if any: buffer first (no new data), then the Spark job
 * once the last windows are out, then the consumer once it has stored them.
 * Shared by halt and dismiss. Returns the run closed, or null.
 */
export async function haltOpenRun(ctx: RoutineContext): Promise<{ runId: string; totals: unknown } | null> {
  const { spec, cluster } = ctx;
  const run = await getOpenRun(cluster.id);
  if (!run) {
    await ctx.step("find the open run", null, async () => {
      throw new StepSkipped(`no run is open on ${cluster.name}: nothing to halt`);
    });
    return null;
  }
  const bufferHost = hostWithRole(spec, "buffer");
  // A supervisor tick under way finishes first; later ones see this routine running and keep off.
  await waitForRunLock(run.id);
  await ctx.step(`stop the buffer on ${bufferHost.name}`, bufferHost, (out) => ctx.cosmo(bufferHost, out, ["worker", "stop", bufferDaemon(run.id)]));
  await ctx.step("stop the Spark job", null, async (out) => {
    const job = statsJobDaemon(run.id);
    if (!daemonAlive(job)) throw new StepSkipped("the Spark job was not running");
    out.line("letting the job close its last windows");
    out.line((await waitForQuiet(run.id)) ? "no new windows for 5 s" : `still changing after ${DRAIN_LIMIT_MS / 1000} s; stopping anyway`);
    await stopLocalDaemon(job);
    out.line("Spark job stopped");
  });
  await ctx.step("stop the results consumer", null, async (out) => {
    const consumer = consumerDaemon(cluster.id);
    if (!daemonAlive(consumer)) throw new StepSkipped("the consumer was not running");
    const deadline = Date.now() + DRAIN_LIMIT_MS;
    let lag = -1;
    while (Date.now() < deadline) {
      lag = await groupLag(kafkaBrokersOf(spec), `cosmo-consumer-${cluster.id}`, spec.kafka.resultsTopic).catch(() => -1);
      if (lag === 0) break;
      await sleep(500);
    }
    out.line(lag === 0 ? "every result stored" : `results left unread: ${lag < 0 ? "unknown (Kafka did not answer)" : lag}; the next run's consumer stores them`);
    await stopLocalDaemon(consumer);
    out.line("consumer stopped");
  });
  const closed = (await ctx.step("close the run", null, async (out) => {
    const account = await runAccounting(run.id, kafkaBrokersOf(spec), spec.spark.checkpoint);
    // jsonb || keeps the consumer's sums and adds what went in and what is missing.
    const summary = { sent: account.sent, processed: account.processed, stored: account.stored, loss: account.loss };
    await db.$executeRaw`update run set totals = totals || ${JSON.stringify(summary)}::jsonb, status = 'halted', ended_at = now() where id = ${run.id}::uuid`;
    const row = await db.run.findUniqueOrThrow({ where: { id: run.id } });
    await clearAlarmsOfRun(run.id);
    await recordAudit({ actor: { name: ctx.requestedBy }, action: "run.halted", target: { type: "run", id: row.id }, details: { cluster: ctx.cluster.name, execution: ctx.executionId, totals: row.totals as object } });
    out.line(account.loss ? `run ${row.id} halted with a loss: ${account.loss}` : `run ${row.id} halted, nothing lost: ${account.sent} records sent, processed and stored`);
    out.line(`totals ${JSON.stringify(row.totals)}`);
    return { runId: row.id, totals: row.totals };
  }))!;
  return closed;
}

export const haltRoutine = defineRoutine({
  name: "halt",
  summary: "stop the buffer and the Spark job, close the run with its totals",
  params: z.object({}).strict(),
  async run(ctx) {
    return { run: await haltOpenRun(ctx) };
  },
});
