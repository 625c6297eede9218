import type { ClusterSpec } from "@/lib/clusters/cluster-spec";
import { type ComponentHealth, type ComponentName, type HealthDetail, initialComponent, RESTARTABLE, type RestartableComponent } from "@/lib/runs/health-detail";
import type { RunObservation } from "@/lib/supervision/observe-run";
import { type PipelineCondition, pipelineConditions, remember } from "@/lib/supervision/pipeline-conditions";
import type { RunMemory } from "@/lib/supervision/run-memory";

export const FIRST_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 30_000;
/** A component that stayed up this long after its restart starts its backoff afresh. */
const STABLE_MS = 60_000;
/** A restarted driver whose application is not RUNNING by then is stuck: restarted again. */
const DRIVER_START_MS = 180_000;
/** The job read nothing for this long while input waits: stalled. */
const STALL_MS = 90_000;

export interface Decision {
  detail: HealthDetail;
  health: "ok" | "degraded" | "failed";
  restart: RestartableComponent[];
  /** Restarts exhausted: the run fails with this error. */
  fail: string | null;
  /** Components whose component-down alarm holds (down, or restarted and not yet working). */
  down: Record<ComponentName, boolean>;
  conditions: PipelineCondition[];
  memory: RunMemory;
}

interface Look {
  /** undefined: not observed this tick, keep the state. */
  alive: boolean | undefined;
  /** Alive and doing its work (the driver: its application RUNNING and reading). */
  working: boolean;
  done?: boolean;
  stalled?: string | null;
}

function looks(obs: RunObservation, detail: HealthDetail, memory: RunMemory): Record<RestartableComponent, Look> {
  const driver = detail.components.driver ?? initialComponent();
  const driverSince = driver.since ?? obs.at;
  const waitingInput = memory.lastInputAt !== null && memory.lastInputAt > (obs.progress.at ?? driverSince);
  const readSince = Math.max(obs.progress.at ?? 0, driverSince);
  let stalled: string | null = null;
  if (obs.driverAlive && !obs.appRunning && driver.state === "starting" && obs.at - driverSince > DRIVER_START_MS) stalled = `not RUNNING ${DRIVER_START_MS / 1000} s after its start`;
  if (obs.driverAlive && obs.appRunning && obs.kafkaReachable && waitingInput && obs.at - readSince > STALL_MS) stalled = `read nothing for ${STALL_MS / 1000} s while input waits`;
  return {
    buffer: { alive: obs.bufferAlive, working: obs.bufferAlive === true, done: obs.buffer.state === "completed" },
    driver: { alive: obs.driverAlive, working: obs.driverAlive && obs.appRunning, stalled },
    consumer: { alive: obs.consumerAlive, working: obs.consumerAlive },
  };
}

function step(c: ComponentHealth, look: Look, now: number, budget: ClusterSpec["supervision"], lastLine: string | null): { next: ComponentHealth; restart: boolean; exhausted: boolean } {
  const next = { ...c, recentRestarts: c.recentRestarts.filter((t) => now - t < budget.restartWindowMs) };
  const become = (state: ComponentHealth["state"]) => {
    if (next.state !== state) next.since = now;
    next.state = state;
  };
  if (look.done) {
    become("done");
    next.nextRestartAt = null;
    return { next, restart: false, exhausted: false };
  }
  if (look.alive === undefined) return { next, restart: false, exhausted: false };
  if (look.alive && !look.stalled) {
    become(look.working ? "up" : next.state === "up" ? "up" : "starting");
    next.nextRestartAt = null;
    return { next, restart: false, exhausted: false };
  }
  // Dead or stalled: schedule a restart, with backoff when the last one did not hold.
  if (next.state !== "down") {
    const last = next.recentRestarts.at(-1);
    next.backoffMs = last !== undefined && now - last < STABLE_MS ? Math.min(MAX_BACKOFF_MS, Math.max(FIRST_BACKOFF_MS, next.backoffMs * 2)) : FIRST_BACKOFF_MS;
    next.nextRestartAt = now + next.backoffMs;
    next.lastError = look.stalled ? `stalled: ${look.stalled}` : (lastLine ?? "the process exited (no error in its log)");
    become("down");
  }
  if (next.nextRestartAt === null || now < next.nextRestartAt) return { next, restart: false, exhausted: false };
  if (next.recentRestarts.length >= budget.maxRestarts) return { next, restart: false, exhausted: true };
  next.recentRestarts = [...next.recentRestarts, now];
  next.restarts += 1;
  next.nextRestartAt = null;
  become("starting");
  return { next, restart: true, exhausted: false };
}

/**
 * Decides, from one observation and what came before, each component's
 * state, what to restart, whether the run has failed, and which alarm
 * conditions hold. Pure: the caller reads and writes the state.
 */
export function decide(input: {
  obs: RunObservation;
  detail: HealthDetail;
  memory: RunMemory;
  startedAt: number;
  settings: ClusterSpec["supervision"];
}): Decision {
  const { obs, settings } = input;
  const memory = remember(input.memory, obs);
  const components: Record<string, ComponentHealth> = { ...input.detail.components };
  const restart: RestartableComponent[] = [];
  let fail: string | null = null;
  const seen = looks(obs, input.detail, memory);
  for (const name of RESTARTABLE) {
    const result = step(components[name] ?? initialComponent(), seen[name], obs.at, settings, obs.lastLines[name]);
    // Every process of a run needs Kafka: restarting them while it is away only spends the budget.
    if (result.restart && !obs.kafkaReachable) {
      components[name] = { ...(components[name] ?? initialComponent()), state: "down", since: components[name]?.since ?? obs.at, lastError: result.next.lastError, nextRestartAt: obs.at };
      continue;
    }
    components[name] = result.next;
    if (result.restart) restart.push(name);
    if (result.exhausted) fail ??= `${name} failed ${result.next.recentRestarts.length} restarts within ${settings.restartWindowMs / 60_000} min: ${result.next.lastError ?? "no error line"}`;
  }
  const kafka = components.kafka ?? initialComponent();
  components.kafka = { ...kafka, state: obs.kafkaReachable ? "up" : "down", since: obs.kafkaReachable === (kafka.state === "up") ? kafka.since : obs.at, lastError: obs.kafkaReachable ? kafka.lastError : obs.kafkaError };

  const down = {
    buffer: components.buffer!.state === "down" || components.buffer!.state === "starting",
    driver: components.driver!.state === "down" || components.driver!.state === "starting",
    consumer: components.consumer!.state === "down" || components.consumer!.state === "starting",
    kafka: !obs.kafkaReachable,
    database: memory.databaseOutage !== null,
  };
  const conditions = pipelineConditions(obs, memory, input.startedAt, settings.maxWindowLatencyMs);
  const reasons = [
    ...(Object.entries(down) as [ComponentName, boolean][])
      .filter(([, isDown]) => isDown)
      .map(([name]) => {
        const c = components[name];
        if (name === "database") return `PostgreSQL was unreachable for ${Math.round((memory.databaseOutage!.until - memory.databaseOutage!.since) / 1000)} s`;
        const restarts = c && c.restarts > 0 ? `, ${c.restarts} restart${c.restarts === 1 ? "" : "s"} so far` : "";
        return `${name} ${c?.state === "starting" ? "restarting" : "down"}${restarts}${c?.lastError ? `: ${c.lastError}` : ""}`;
      }),
    ...conditions.filter((c) => c.active).map((c) => `${c.title}: ${c.detail}`),
  ];
  const detail: HealthDetail = { checkedAt: new Date(obs.at).toISOString(), components, reasons: fail ? [fail, ...reasons] : reasons, error: fail };
  return {
    detail,
    health: fail ? "failed" : reasons.length > 0 ? "degraded" : "ok",
    restart: fail ? [] : restart,
    fail,
    down,
    conditions,
    memory: { ...memory, databaseOutage: null },
  };
}
