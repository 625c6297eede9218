import { z } from "zod";
import { op } from "@/lib/api/openapi/operation";
import { runListItemView, runSummaryView } from "@/lib/api/openapi/views";
import { resumeSchema } from "@/lib/live/open-run-events";
import { windowResultSchema } from "@/lib/results/schema";
import { listRunWindowsQuerySchema } from "@/lib/runs/list-run-windows";
import { listRunsQuerySchema } from "@/lib/runs/list-runs";

const tag = "runs";
const id = z.object({ id: z.uuid() });
const storedWindow = z.object({ window: z.number().int(), receivedAt: z.iso.datetime(), updatedAt: z.iso.datetime(), result: windowResultSchema });

export const runOperations = [
  op({
    method: "get",
    path: "/api/runs",
    tag,
    access: "viewer",
    summary: "The run history, newest first, filtered; page with nextCursor",
    query: listRunsQuerySchema,
    responses: { 200: { description: "a page of runs", schema: z.object({ runs: z.array(runListItemView), nextCursor: z.string().nullable() }) } },
  }),
  op({ method: "get", path: "/api/runs/{id}", tag, access: "viewer", summary: "A run with its sums so far and where its buffer stands", params: id, responses: { 200: { description: "the run", schema: runSummaryView } } }),
  op({
    method: "get",
    path: "/api/runs/{id}/windows",
    tag,
    access: "viewer",
    summary: "A run's stored windows in window order (all, or those after a window)",
    params: id,
    query: listRunWindowsQuerySchema,
    responses: { 200: { description: "the windows", schema: z.object({ windows: z.array(storedWindow) }) } },
  }),
  op({
    method: "get",
    path: "/api/runs/{id}/events",
    tag,
    access: "viewer",
    summary: "The run's windows as they are stored (server-sent events, docs/live-events.md)",
    description: "Events: window (id = the window number, data = { window, receivedAt, updatedAt, result } with result in cosmo.window.v1), caught-up, pipeline, dropped. Resume with Last-Event-ID or ?after=N.",
    params: id,
    query: resumeSchema,
    responses: { 200: { description: "an event stream", contentType: "text/event-stream" } },
  }),
];
