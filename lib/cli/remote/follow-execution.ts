import { setTimeout as sleep } from "node:timers/promises";
import type { ApiClient } from "@/lib/cli/remote/api-client";
import { CliExit, exitCodes } from "@/lib/cli/remote/exit-codes";

export interface StepDoc {
  index: number;
  name: string;
  host: string;
  status: string;
  output: string;
}

export interface ExecutionDoc {
  id: string;
  routine: string;
  status: "queued" | "running" | "succeeded" | "failed";
  error: string | null;
  runId: string | null;
  result: unknown;
  steps?: StepDoc[];
}

const POLL_MS = 1000;
/** A server restarting (an upgrade) is waited for this many polls before giving up. */
const MISSED_POLLS = 30;

/**
 * Polls GET /api/routines/{id} until the execution ends, writing each step's
 * header once and its output as it grows. Answers with the ended execution.
 */
export async function followExecution(api: ApiClient, id: string, write: (text: string) => void): Promise<ExecutionDoc> {
  const printed = new Map<number, number>();
  const finished = new Set<number>();
  let missed = 0;
  for (;;) {
    let execution: ExecutionDoc;
    try {
      ({ execution } = await api.json<{ execution: ExecutionDoc }>("GET", `/api/routines/${id}`));
      missed = 0;
    } catch (error) {
      if (!(error instanceof CliExit) || error.code !== exitCodes.unreachable || ++missed > MISSED_POLLS) throw error;
      await sleep(POLL_MS);
      continue;
    }
    for (const step of execution.steps ?? []) {
      if (finished.has(step.index)) continue;
      if (!printed.has(step.index)) write(`== ${step.name}${step.host ? ` (on ${step.host})` : ""}\n`);
      const from = printed.get(step.index) ?? 0;
      const over = step.status !== "running";
      // While the step runs only whole lines are printed: a partial one may still grow.
      const to = over ? step.output.length : step.output.lastIndexOf("\n") + 1;
      const fresh = step.output.slice(from, Math.max(from, to));
      if (fresh) write(fresh.endsWith("\n") ? fresh : `${fresh}\n`);
      printed.set(step.index, Math.max(from, to));
      if (over) {
        if (step.status !== "succeeded") write(`   (${step.status})\n`);
        finished.add(step.index);
      }
    }
    if (execution.status === "succeeded" || execution.status === "failed") return execution;
    await sleep(POLL_MS);
  }
}
