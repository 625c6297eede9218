import fs from "node:fs";
import { z } from "zod";
import type { JobDefinition } from "@/lib/jobs/job-definition";
import { executeRoutine } from "@/lib/routines/execute-routine";
import { recoverAbandonedExecutions } from "@/lib/routines/recover-abandoned-executions";
import { ROUTINE_QUEUE, closeRoutineQueue, routineQueue } from "@/lib/routines/routine-queue";
import { homeDir } from "@/lib/runtime/paths";
import { writeWorkerReady } from "@/lib/runtime/services/node-worker";
import { startWebhookDelivery } from "@/lib/webhooks/dispatch-alarm-events";

const jobData = z.object({ executionId: z.uuid() });

/** Written once the worker takes jobs, with its pid: what `cosmo up` waits for. */
export const routineWorkerReadyFile = () => homeDir("run", "routine-worker.ready");

/**
 * The routine worker: takes routine jobs off the queue, one at a time per
 * worker (a routine drives whole clusters; two at once would only compete
 * for the same two cores), and delivers alarm events to the webhooks, until SIGTERM.
 */
export const routineWorkerJob: JobDefinition<z.ZodObject<{ pollSeconds: z.ZodDefault<z.ZodCoercedNumber> }>, { executions: number }> = {
  id: "routine-worker",
  input: z.object({ pollSeconds: z.coerce.number().min(0.5).max(60).default(0.5) }),
  async handler(input, { signal, log }) {
    const abandoned = await recoverAbandonedExecutions(log);
    if (abandoned) log(`closed ${abandoned} execution(s) a previous worker left under way`);
    const boss = await routineQueue({ supervise: true });
    let executions = 0;
    await boss.work(ROUTINE_QUEUE, { pollingIntervalSeconds: input.pollSeconds, batchSize: 1 }, async ([job]) => {
      const parsed = jobData.safeParse(job?.data);
      if (!parsed.success) return log(`ignored a malformed job ${job?.id}`);
      executions++;
      await executeRoutine(parsed.data.executionId, log);
    });
    // Alarm events to the webhooks, beside the routines: deliveries are short and must not wait for a routine.
    await startWebhookDelivery(signal, log);
    writeWorkerReady(routineWorkerReadyFile());
    log("ready: taking routines");
    await new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", () => resolve(), { once: true })));
    fs.rmSync(routineWorkerReadyFile(), { force: true });
    // Lets the routine under way finish: its steps leave the clusters in a known state.
    await closeRoutineQueue();
    return { executions };
  },
};
