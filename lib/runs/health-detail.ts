import { z } from "zod";

/** The processes of a run the supervisor restarts when they die or stall. */
export const RESTARTABLE = ["buffer", "driver", "consumer"] as const;
export type RestartableComponent = (typeof RESTARTABLE)[number];
/** Services a run needs but the supervisor does not own: it reports them and waits for them. */
export type ComponentName = RestartableComponent | "kafka" | "database";

const componentSchema = z.object({
  /** up; down (dead or stalled, restart pending); starting (restarted, not yet working); done (the buffer sent everything). */
  state: z.enum(["up", "down", "starting", "done"]).default("up"),
  restarts: z.number().int().nonnegative().default(0),
  /** Restart times (ms) within the cluster's restart window: the budget. */
  recentRestarts: z.array(z.number()).default([]),
  /** When the next restart may happen (ms); null when none is due. */
  nextRestartAt: z.number().nullable().default(null),
  backoffMs: z.number().nonnegative().default(0),
  /** When the state last changed (ms). */
  since: z.number().nullable().default(null),
  lastError: z.string().nullable().default(null),
});

export type ComponentHealth = z.infer<typeof componentSchema>;

export const healthDetailSchema = z.object({
  checkedAt: z.string().nullable().default(null),
  components: z.record(z.string(), componentSchema).default({}),
  /** Why the run is degraded or failed, one line each, for people. */
  reasons: z.array(z.string()).default([]),
  error: z.string().nullable().default(null),
});

export type HealthDetail = z.infer<typeof healthDetailSchema>;

export const initialComponent = (): ComponentHealth => componentSchema.parse({});

/** The stored JSON; an unreadable or empty one starts afresh. */
export function readHealthDetail(json: unknown): HealthDetail {
  const parsed = healthDetailSchema.safeParse(json ?? {});
  return parsed.success ? parsed.data : healthDetailSchema.parse({});
}
