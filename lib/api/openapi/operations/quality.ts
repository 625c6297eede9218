import { z } from "zod";
import { op } from "@/lib/api/openapi/operation";
import { runReferenceView } from "@/lib/api/openapi/views";
import { runQualityQuerySchema } from "@/lib/quality/get-run-quality";
import { qualityChecksSchema } from "@/lib/quality/quality-config";
import { markReferenceInputSchema } from "@/lib/quality/reference-marks";

const tag = "quality";
const flag = z.enum(["ok", "warning", "error"]);
const referenceMarkView = runReferenceView.extend({
  id: z.uuid(),
  clusterId: z.uuid(),
  runName: z.string(),
  windows: z.number().int().describe("Windows of the run within the range"),
  markedBy: z.string(),
  markedAt: z.iso.datetime(),
  inForce: z.boolean().describe("The cluster's newest mark: the reference new runs freeze"),
});
const problem = z.object({ check: z.string(), chamber: z.number().int(), flag, level: flag.describe("this evaluation alone, before hysteresis"), value: z.number().nullable(), detail: z.string() });

export const qualityOperations = [
  op({
    method: "post",
    path: "/api/runs/{id}/reference",
    tag,
    access: "operator",
    summary: "Mark the run, or a window range of it (inclusive; omitted: the whole run), as its cluster's reference; runs opened from now on are checked against it",
    params: z.object({ id: z.uuid() }),
    body: markReferenceInputSchema,
    responses: { 201: { description: "the mark", schema: referenceMarkView } },
  }),
  op({
    method: "get",
    path: "/api/clusters/{name}/references",
    tag,
    access: "viewer",
    summary: "The cluster's reference marks, newest (in force) first",
    params: z.object({ name: z.string() }),
    responses: { 200: { description: "the marks", schema: z.object({ references: z.array(referenceMarkView) }) } },
  }),
  op({
    method: "get",
    path: "/api/runs/{id}/quality",
    tag,
    access: "viewer",
    summary: "The run's quality flags per window and chamber (chamber -1: the detector as a whole), with the checks not ok",
    params: z.object({ id: z.uuid() }),
    query: runQualityQuerySchema,
    responses: {
      200: {
        description: "the flags",
        schema: z.object({
          runId: z.uuid(),
          worstFlag: flag.nullable(),
          reference: runReferenceView.nullable(),
          checks: qualityChecksSchema,
          windows: z.array(z.object({ window: z.number().int(), flag, chambers: z.record(z.string(), flag), problems: z.array(problem) })),
        }),
      },
    },
  }),
];
