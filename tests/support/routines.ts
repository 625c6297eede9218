import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { api } from "@/tests/support/api";

export { api };

export interface Step {
  index: number;
  name: string;
  host: string;
  status: string;
  output: string;
}

export interface Execution {
  id: string;
  routine: string;
  status: "queued" | "running" | "succeeded" | "failed";
  error: string | null;
  result: Record<string, unknown> | null;
  runId: string | null;
  requestedBy: string;
  steps?: Step[];
}

/** Queues a routine through the REST API and returns its execution (202). */
export async function requestRoutine(cluster: string, routine: string, params?: unknown): Promise<Execution> {
  const res = await api("POST", `/api/clusters/${cluster}/routines/${routine}`, params);
  assert.equal(res.status, 202, res.text);
  return res.json.execution as Execution;
}

/** Polls the execution until it has ended, as the UI does. */
export async function waitForExecution(id: string, timeoutMs = 6 * 60_000): Promise<Execution> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api("GET", `/api/routines/${id}`);
    assert.equal(res.status, 200, res.text);
    const execution = res.json.execution as Execution;
    if (execution.status === "succeeded" || execution.status === "failed") return execution;
    if (Date.now() > deadline) assert.fail(`routine ${execution.routine} ${id} still ${execution.status} after ${timeoutMs} ms`);
    await sleep(300);
  }
}

export async function runRoutine(cluster: string, routine: string, params?: unknown): Promise<Execution> {
  return waitForExecution((await requestRoutine(cluster, routine, params)).id);
}

export const describeSteps = (e: Execution) =>
  `${e.routine} ${e.status}${e.error ? `: ${e.error}` : ""}\n${(e.steps ?? []).map((s) => `  [${s.status}] ${s.name}\n${s.output.trim().split("\n").slice(-6).map((l) => `      ${l}`).join("\n")}`).join("\n")}`;

export function expectSucceeded(e: Execution): Execution {
  assert.equal(e.status, "succeeded", describeSteps(e));
  return e;
}
