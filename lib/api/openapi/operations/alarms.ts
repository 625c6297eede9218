import { z } from "zod";
import { op } from "@/lib/api/openapi/operation";
import { alarmQuerySchema } from "@/lib/alarms/list-alarms";
import { deliveryQuerySchema } from "@/lib/webhooks/list-webhook-deliveries";
import { webhookInputSchema } from "@/lib/webhooks/webhook-input";

const timestamp = z.iso.datetime();
const severity = z.enum(["warning", "error"]);

const alarmView = z.object({
  id: z.uuid(),
  key: z.string().describe("the condition's identity, e.g. pipeline:component-down:<runId>:buffer"),
  source: z.string(),
  kind: z.string(),
  severity,
  title: z.string(),
  detail: z.string(),
  state: z.enum(["active", "cleared"]),
  clusterId: z.uuid().nullable(),
  clusterName: z.string().nullable(),
  runId: z.uuid().nullable(),
  runName: z.string().nullable(),
  raisedAt: timestamp,
  lastSeenAt: timestamp,
  clearingSince: timestamp.nullable().describe("since when the condition has not held; it clears 10 s later unless it holds again"),
  clearedAt: timestamp.nullable(),
  acknowledgedAt: timestamp.nullable(),
  acknowledgedBy: z.string().nullable(),
});

const webhookView = z.object({
  id: z.uuid(),
  name: z.string(),
  host: z.string().describe("the URL's host: the URL itself is a secret and never shown"),
  enabled: z.boolean(),
  createdBy: z.string(),
  createdAt: timestamp,
  lastDelivery: z.object({ at: timestamp, event: z.string(), attempt: z.number().int(), status: z.number().int().nullable(), error: z.string().nullable() }).nullable(),
});

const deliveryView = z.object({
  id: z.uuid(),
  alarmId: z.uuid(),
  alarmTitle: z.string(),
  eventId: z.uuid(),
  event: z.enum(["raised", "cleared", "acknowledged"]),
  attempt: z.number().int().describe("1 for the first try"),
  status: z.number().int().nullable().describe("the receiver's HTTP status; null when it did not answer"),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  at: timestamp,
});

const id = z.object({ id: z.uuid() });
const name = z.object({ name: z.string() });

export const alarmOperations = [
  op({
    method: "get",
    path: "/api/alarms",
    tag: "alarms",
    access: "viewer",
    summary: "Alarms newest first, filtered, a page at a time (pass `nextCursor` as `cursor`)",
    query: alarmQuerySchema,
    responses: { 200: { description: "a page of alarms", schema: z.object({ alarms: z.array(alarmView), nextCursor: z.uuid().nullable() }) } },
  }),
  op({
    method: "get",
    path: "/api/alarms/summary",
    tag: "alarms",
    access: "viewer",
    summary: "What the top bar shows: active and unacknowledged alarms, the worst active severity",
    responses: { 200: { description: "the summary", schema: z.object({ active: z.number().int(), unacknowledged: z.number().int(), worst: severity.nullable() }) } },
  }),
  op({ method: "get", path: "/api/alarms/{id}", tag: "alarms", access: "viewer", summary: "One alarm", params: id, responses: { 200: { description: "the alarm", schema: alarmView } } }),
  op({
    method: "post",
    path: "/api/alarms/{id}/acknowledge",
    tag: "alarms",
    access: "operator",
    summary: "Acknowledge an alarm (audited as alarm.acknowledged, sent to the webhooks); a second time changes nothing and says so",
    params: id,
    responses: { 200: { description: "acknowledged now (`acknowledged: true`) or before", schema: z.object({ alarm: alarmView, acknowledged: z.boolean(), message: z.string() }) } },
  }),
  op({ method: "get", path: "/api/webhooks", tag: "webhooks", access: "admin", summary: "The webhooks alarm events are POSTed to (hosts only, never URLs)", responses: { 200: { description: "the webhooks", schema: z.object({ webhooks: z.array(webhookView) }) } } }),
  op({
    method: "post",
    path: "/api/webhooks",
    tag: "webhooks",
    access: "admin",
    summary: "Add a Slack or Mattermost incoming webhook; its URL is sealed as the secret webhook-<name>",
    body: webhookInputSchema,
    responses: { 201: { description: "added", schema: webhookView } },
  }),
  op({ method: "delete", path: "/api/webhooks/{name}", tag: "webhooks", access: "admin", summary: "Delete a webhook, its sealed URL and its delivery history", params: name, responses: { 204: { description: "deleted" } } }),
  op({
    method: "get",
    path: "/api/webhooks/{name}/deliveries",
    tag: "webhooks",
    access: "admin",
    summary: "Every delivery attempt to a webhook, retries included, newest first",
    params: name,
    query: deliveryQuerySchema,
    responses: { 200: { description: "the attempts", schema: z.object({ deliveries: z.array(deliveryView) }) } },
  }),
];
