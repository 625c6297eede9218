import { z } from "zod";
import { roles } from "@/lib/auth/roles";
import { clusterSpecSchema } from "@/lib/clusters/cluster-spec";

// The shapes the API answers with, for the OpenAPI document (the TypeScript
// types of lib/ are what the code checks; these describe them to clients).

const timestamp = z.iso.datetime();
const role = z.enum(roles);

export const actorView = z.object({ name: z.string(), role, userId: z.uuid(), tokenId: z.uuid().optional() });

export const clusterView = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  spec: clusterSpecSchema,
  state: z.enum(["down", "degraded", "up", "running"]),
  lostHosts: z.array(z.string()).describe("Hosts whose Kafka broker or Spark worker the last probe missed"),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const presetView = z.object({ name: z.string(), description: z.string(), spec: clusterSpecSchema });

export const secretView = z.object({ id: z.uuid(), name: z.string(), kind: z.enum(["ssh_key", "s3_credentials", "webhook_url"]), createdAt: timestamp, updatedAt: timestamp });

const routineStatus = z.enum(["queued", "running", "succeeded", "failed"]);

export const executionView = z.object({
  id: z.uuid(),
  clusterId: z.uuid(),
  routine: z.enum(["init", "run", "beat", "halt", "dismiss"]),
  status: routineStatus,
  requestedBy: z.string(),
  params: z.record(z.string(), z.unknown()),
  result: z.record(z.string(), z.unknown()).nullable(),
  error: z.string().nullable(),
  runId: z.uuid().nullable(),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  endedAt: timestamp.nullable(),
});

export const executionWithStepsView = executionView.extend({
  cluster: z.object({ name: z.string() }),
  steps: z.array(
    z.object({
      index: z.number().int(),
      name: z.string(),
      host: z.string(),
      status: z.enum(["running", "succeeded", "failed", "skipped"]),
      output: z.string(),
      startedAt: timestamp,
      endedAt: timestamp.nullable(),
    }),
  ),
});

export const userView = z.object({ id: z.uuid(), username: z.string(), name: z.string(), role, disabled: z.boolean(), createdAt: timestamp });

export const tokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string().describe("the token's first characters, to recognise it"),
  role,
  createdBy: z.string(),
  createdAt: timestamp,
  expiresAt: timestamp.nullable(),
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
});

export const auditEventView = z.object({
  id: z.uuid(),
  at: timestamp,
  actor: z.string(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string(),
  details: z.record(z.string(), z.unknown()),
});

const runStatus = z.enum(["pending", "running", "halted", "failed", "completed"]);

export const runReferenceView = z.object({
  runId: z.uuid(),
  fromWindow: z.number().int().nullable().describe("first window, inclusive; null: the run's first"),
  toWindow: z.number().int().nullable().describe("last window, inclusive; null: the run's last"),
});

export const runListItemView = z.object({
  id: z.uuid(),
  name: z.string(),
  status: runStatus,
  clusterId: z.uuid().nullable(),
  clusterName: z.string().nullable(),
  startedBy: z.string(),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  endedAt: timestamp.nullable(),
  totals: z.object({
    windows: z.number(),
    records: z.number(),
    totalHits: z.number(),
    sent: z.number().nullable().describe("Records the buffer sent, set when the run closes"),
    processed: z.number().nullable().describe("Records the Spark job read and committed (its checkpoint), set when the run closes; null if that could not be told"),
    stored: z.number().nullable().describe("Records stored in windows (and without a readable orbit), set when the run closes"),
    loss: z.string().nullable().describe("What was lost, in words: input never sent, records sent but never processed, processed but never stored, with the three counts; null when nothing was"),
  }),
  bufferState: z.enum(["idle", "running", "stopped", "completed", "failed"]).nullable(),
  health: z.enum(["ok", "degraded", "failed"]).describe("The supervisor's verdict on the run's processes"),
  healthDetail: z.object({
    checkedAt: timestamp.nullable(),
    reasons: z.array(z.string()).describe("Why the run is degraded or failed: a component down or restarting, lag growing, no windows while input arrives, window latency above its bound"),
    error: z.string().nullable().describe("Why the run failed (restarts exhausted)"),
    components: z.array(z.object({ name: z.string(), state: z.enum(["up", "down", "starting", "done"]), restarts: z.number().int(), lastError: z.string().nullable() })),
  }),
  worstFlag: z.enum(["ok", "warning", "error"]).nullable().describe("The worst data-quality flag of any window so far; null before the first check"),
});

export const runSummaryView = runListItemView.extend({
  reference: runReferenceView.nullable().describe("The cluster's reference in force when the run opened, frozen into it"),
  detector: z.record(z.string(), z.unknown()),
  unwindowedMalformed: z.number().int(),
  buffer: z.object({ state: z.string(), rate: z.number(), currentRate: z.number(), recordsSent: z.number(), totalBytes: z.number(), bytesLeft: z.number(), error: z.string().nullable(), updatedAt: timestamp }).loose(),
  firstWindow: z.number().int().nullable(),
  lastWindow: z.number().int().nullable(),
  lastWindowAt: timestamp.nullable(),
  spark: z
    .object({
      at: timestamp,
      batchMs: z.number(),
      batchP50Ms: z.number(),
      kafkaLagOffsets: z.number().int().nullable(),
      windowLatencyMs: z.number().nullable(),
      latencyWindow: z.number().int().nullable(),
    })
    .nullable()
    .describe("The Spark job's latest progress: micro-batch times, hits-topic lag in offsets, and the latency from a window's last record entering Kafka to its row"),
});
