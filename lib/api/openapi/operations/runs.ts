import { z } from "zod";
import { op } from "@/lib/api/openapi/operation";
import { runView } from "@/lib/api/openapi/views";
import { windowResultSchema } from "@/lib/results/schema";

const tag = "runs";
const id = z.object({ id: z.uuid() });

// The run routes' contract (list, one run, its windows, the live window stream) that the run pages and `cosmo runs|tail` use.
export const runOperations = [
  op({
    method: "get",
    path: "/api/runs",
    tag,
    access: "viewer",
    summary: "Runs, newest first",
    query: z.object({ cluster: z.string().optional(), status: z.enum(["pending", "running", "halted", "failed", "completed"]).optional() }),
    responses: { 200: { description: "the runs", schema: z.object({ runs: z.array(runView) }) } },
  }),
  op({ method: "get", path: "/api/runs/{id}", tag, access: "viewer", summary: "One run with its totals", params: id, responses: { 200: { description: "the run", schema: z.object({ run: runView }).or(runView) } } }),
  op({
    method: "get",
    path: "/api/runs/{id}/windows",
    tag,
    access: "viewer",
    summary: "A run's windows so far (cosmo.window.v1)",
    params: id,
    responses: { 200: { description: "the windows", schema: z.object({ windows: z.array(windowResultSchema) }) } },
  }),
  op({
    method: "get",
    path: "/api/runs/{id}/events",
    tag,
    access: "viewer",
    summary: "The run's windows as they arrive (server-sent events)",
    description: "Each event's id is the window number and its data the cosmo.window.v1 JSON; reconnect with Last-Event-ID to resume after that window.",
    params: id,
    responses: { 200: { description: "an event stream", contentType: "text/event-stream" } },
  }),
];
