// The routine worker SIGKILLed in the middle of a run routine, on the localhost
// preset: the worker comes back by itself, the interrupted execution ends
// failed saying why, the cluster is free for the next routine, and the run it
// was opening is failed with none of its processes left.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, test } from "node:test";
import { db } from "@/lib/db";
import { consumerDaemon, daemonAlive, statsJobDaemon } from "@/lib/routines/run-processes";
import { isAlive, processesMentioning, readPid } from "@/lib/runtime/process";
import { routineWorker, routineWorkerPid } from "@/lib/runtime/services/routine-worker";
import { api, describeSteps, expectSucceeded, requestRoutine, waitForExecution, type Execution } from "@/tests/support/routines";

const CLUSTER = "localhost";
// The run never reaches its buffer: the data source only has to be valid.
const RUN_PARAMS = { name: "worker kill test run", bucket: "cosmo-worker-kill-test", prefix: "none/", rate: 1000 };

after(() => db.$disconnect());


async function execution(id: string): Promise<Execution> {
  const res = await api("GET", `/api/routines/${id}`);
  assert.equal(res.status, 200, res.text);
  return res.json.execution as Execution;
}

test("a worker SIGKILLed while the run routine submits the Spark job: restarted, the routine failed, the cluster free, nothing of the run left", { timeout: 300_000 }, async () => {
  const cluster = await db.clusterConfig.findUniqueOrThrow({ where: { name: CLUSTER } });
  const worker = routineWorkerPid();
  assert.ok(worker, "the test stack's routine worker runs under its keep-alive daemon");
  const keeper = readPid("routine-worker")!;
  assert.notEqual(worker, keeper.pid);

  const queued = await requestRoutine(CLUSTER, "run", RUN_PARAMS);
  // The moment to kill: the Spark driver is submitted and the worker waits for the master to run it.
  const deadline = Date.now() + 120_000;
  const submitting = () => db.routineStep.findFirst({ where: { executionId: queued.id, name: "submit the Spark job", status: "running", output: { contains: "waiting until it runs" } } });
  while (!(await submitting())) {
    const { status } = await db.routineExecution.findUniqueOrThrow({ where: { id: queued.id } });
    if (Date.now() > deadline || status === "succeeded" || status === "failed") assert.fail(`never saw the Spark job being submitted:\n${describeSteps(await execution(queued.id))}`);
    await sleep(50);
  }
  const run = await db.run.findFirstOrThrow({ where: { clusterId: cluster.id, status: "pending" } });
  process.kill(worker, "SIGKILL");
  const killedAt = Date.now();

  const ended = await waitForExecution(queued.id, 180_000);
  console.log(`routine worker killed: execution closed ${((Date.now() - killedAt) / 1000).toFixed(1)} s later`);
  assert.equal(ended.status, "failed", describeSteps(ended));
  assert.match(ended.error ?? "", /routine worker stopped during this routine/);
  const steps = ended.steps!;
  const submit = steps.find((s) => s.name === "submit the Spark job")!;
  assert.equal(submit.status, "failed", "the step under way when the worker died");
  assert.match(submit.output, /interrupted: the routine worker stopped/);
  assert.ok(steps.some((s) => s.name === "the routine worker stopped" && s.status === "failed"), describeSteps(ended));
  const undo = steps.find((s) => s.name === "undo: stop what this run started");
  assert.equal(undo?.status, "succeeded", describeSteps(ended));
  assert.match(undo.output, /Spark job stopped/);
  assert.match(undo.output, new RegExp(`run ${run.id} marked failed`));

  // The run it was opening: failed, and none of its processes left.
  const row = await db.run.findUniqueOrThrow({ where: { id: run.id } });
  assert.equal(row.status, "failed");
  assert.ok(row.endedAt);
  assert.equal(readPid(statsJobDaemon(run.id)), undefined, "the Spark driver's pid file is gone");
  assert.equal(daemonAlive(consumerDaemon(cluster.id)), false, "no results consumer runs for a cluster without an open run");
  assert.deepEqual(processesMentioning(run.id), [], "no process of the run is left");
  assert.deepEqual(
    (await db.auditEvent.findMany({ where: { targetId: { in: [run.id, queued.id] } }, orderBy: { at: "asc" } })).map((e) => e.action).filter((a) => a !== "routine.requested"),
    ["run.failed", "routine.failed"],
  );

  // A new worker took over: the cluster's lock is released and the next routine runs.
  // It closed the execution before taking jobs, and says it is ready once it takes them.
  const readyBy = Date.now() + 60_000;
  while (routineWorkerPid() === undefined && Date.now() < readyBy) await sleep(100);
  const restarted = routineWorkerPid();
  assert.ok(restarted && restarted !== worker, "a new worker process takes routines");
  assert.equal((await routineWorker.status()).state, "running");
  assert.ok(isAlive(keeper), "the keep-alive daemon itself was never touched");
  const next = await api("POST", `/api/clusters/${CLUSTER}/routines/halt`);
  assert.equal(next.status, 202, next.text);
  const halt = expectSucceeded(await waitForExecution((next.json.execution as Execution).id, 120_000));
  assert.match(halt.steps![0]!.output, /nothing to halt/);
  assert.equal((await db.clusterConfig.findUniqueOrThrow({ where: { name: CLUSTER } })).state, "up");
});
