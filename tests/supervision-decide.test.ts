// The supervisor's decisions, as a pure function of observations and what came before:
// restarts with backoff and a budget, Kafka outages waited out, trend conditions.
import assert from "node:assert/strict";
import { test } from "node:test";
import { supervisionSettingsSchema } from "@/lib/clusters/cluster-spec";
import { readHealthDetail, type HealthDetail } from "@/lib/runs/health-detail";
import { decide, type Decision } from "@/lib/supervision/decide";
import type { RunObservation } from "@/lib/supervision/observe-run";
import { lagGrowing } from "@/lib/supervision/pipeline-conditions";
import { emptyMemory, type RunMemory } from "@/lib/supervision/run-memory";

const T0 = 1_800_000_000_000;
const settings = supervisionSettingsSchema.parse({ maxRestarts: 3 });

function obs(at: number, over: Partial<RunObservation> = {}): RunObservation {
  return {
    at,
    bufferAlive: true,
    driverAlive: true,
    consumerAlive: true,
    appRunning: true,
    kafkaReachable: true,
    hostsLost: [],
    kafkaError: null,
    buffer: { state: "running", recordsSent: 0, error: null },
    windows: { count: 0, latestAt: null, records: 0 },
    progress: { at: null, lag: null, latencyMs: null },
    lastLines: { buffer: "buffer: failed: boom", driver: null, consumer: null },
    ...over,
  };
}

/** Feeds observations in order, carrying the stored detail and the memory as the supervisor does. */
function replay(observations: RunObservation[]): Decision[] {
  let detail: HealthDetail = readHealthDetail({});
  let memory: RunMemory = emptyMemory();
  return observations.map((o) => {
    const d = decide({ obs: o, detail, memory, startedAt: T0, settings });
    [detail, memory] = [d.detail, d.memory];
    return d;
  });
}

test("a dead buffer is restarted after 1 s, the backoff doubles while restarts do not hold, and it is up again once alive", () => {
  const [ok, died, waited, restarted, diedAgain, early, second, alive] = replay([
    obs(T0),
    obs(T0 + 1000, { bufferAlive: false }),
    obs(T0 + 1500, { bufferAlive: false }),
    obs(T0 + 2000, { bufferAlive: false }),
    obs(T0 + 3000, { bufferAlive: false }),
    obs(T0 + 4000, { bufferAlive: false }),
    obs(T0 + 5000, { bufferAlive: false }),
    obs(T0 + 6000),
  ]);
  assert.equal(ok!.health, "ok");
  assert.deepEqual([died!.restart, died!.health, died!.down.buffer], [[], "degraded", true]);
  assert.equal(died!.detail.components.buffer!.lastError, "buffer: failed: boom");
  assert.deepEqual(waited!.restart, []);
  assert.deepEqual(restarted!.restart, ["buffer"]);
  assert.equal(restarted!.detail.components.buffer!.restarts, 1);
  assert.equal(diedAgain!.detail.components.buffer!.backoffMs, 2000, "the restart did not hold: twice the wait");
  assert.deepEqual(early!.restart, []);
  assert.deepEqual(second!.restart, ["buffer"]);
  assert.deepEqual([alive!.health, alive!.down.buffer, alive!.detail.components.buffer!.state, alive!.detail.components.buffer!.restarts], ["ok", false, "up", 2]);
});

test("restarts beyond the budget fail the run with the component's error", () => {
  const decisions = replay(Array.from({ length: 40 }, (_, i) => obs(T0 + i * 1000, { consumerAlive: false, lastLines: { buffer: null, driver: null, consumer: "consumer: ECONNREFUSED" } })));
  assert.equal(decisions.flatMap((d) => d.restart).length, 3);
  const failed = decisions.find((d) => d.fail)!;
  assert.equal(failed.health, "failed");
  assert.match(failed.fail!, /consumer failed 3 restarts .*ECONNREFUSED/);
});

test("while Kafka is away nothing is restarted; the dead driver is restarted once it is back", () => {
  const [away, stillAway, back] = replay([
    obs(T0, { kafkaReachable: false, kafkaError: "ECONNREFUSED", driverAlive: false }),
    obs(T0 + 5000, { kafkaReachable: false, kafkaError: "ECONNREFUSED", driverAlive: false }),
    obs(T0 + 6000, { driverAlive: false }),
  ]);
  assert.deepEqual([away!.restart, stillAway!.restart, back!.restart], [[], [], ["driver"]]);
  assert.equal(away!.down.kafka, true);
  assert.ok(away!.detail.reasons.some((r) => /kafka down: ECONNREFUSED/.test(r)), away!.detail.reasons.join("\n"));
  assert.equal(back!.down.kafka, false);
});

test("a completed buffer that exits is done, not down", () => {
  const [done] = replay([obs(T0, { bufferAlive: false, buffer: { state: "completed", recordsSent: 10, error: null } })]);
  assert.deepEqual([done!.restart, done!.health, done!.detail.components.buffer!.state], [[], "ok", "done"]);
});

test("no windows for 30 s while input arrives holds at 30 s, not before", () => {
  const sending = (at: number, records: number) => obs(at, { buffer: { state: "running", recordsSent: records, error: null }, windows: { count: 3, latestAt: T0, records: 100 } });
  const decisions = replay([sending(T0, 100), sending(T0 + 10_000, 200), sending(T0 + 29_000, 300), sending(T0 + 30_000, 400)]);
  const noWindows = (d: Decision) => d.conditions.find((c) => c.kind === "no-windows")!.active;
  assert.deepEqual(decisions.map(noWindows), [false, false, false, true]);
});

test("Kafka lag growing means rising for 30 s without a dip", () => {
  const samples = (lags: number[]) => lags.map((lag, i) => ({ at: T0 + i * 5000, lag }));
  assert.equal(lagGrowing(samples([10, 20, 30, 40, 50, 60, 70]), T0 + 30_000).growing, true);
  assert.equal(lagGrowing(samples([10, 20, 5, 40, 50, 60, 70]), T0 + 30_000).growing, false);
  assert.equal(lagGrowing(samples([10, 20, 30]), T0 + 10_000).growing, false, "not yet 30 s of samples");
  assert.equal(lagGrowing(samples([10, 10, 10, 10, 10, 10, 10]), T0 + 30_000).growing, false, "flat is not growing");
});
