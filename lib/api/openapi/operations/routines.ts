import { z } from "zod";
import { op } from "@/lib/api/openapi/operation";
import { executionView, executionWithStepsView } from "@/lib/api/openapi/views";
import { routineListQuerySchema } from "@/lib/routines/list-routine-executions";
import { routinePathSchema } from "@/lib/routines/request-routine";
import { routines } from "@/lib/routines/routines";

const tag = "routines";

export const routineOperations = [
  op({
    method: "post",
    path: "/api/clusters/{name}/routines/{routine}",
    tag,
    access: "operator",
    summary: "Queue a routine (init, run, beat, halt, dismiss) on a cluster",
    description: "202 with the execution to follow at /api/routines/{id}; 409 while another routine is queued or running on the cluster. The body is the routine's parameters (run: name, bucket, prefix, rate; dismiss: deleteTopics).",
    params: routinePathSchema,
    body: z.union(Object.values(routines).map((r) => r.params)),
    responses: { 202: { description: "queued", schema: z.object({ execution: executionView }) } },
  }),
  op({
    method: "get",
    path: "/api/clusters/{name}/routines",
    tag,
    access: "viewer",
    summary: "A cluster's routine executions, newest first",
    params: z.object({ name: z.string() }),
    query: routineListQuerySchema,
    responses: { 200: { description: "the executions", schema: z.object({ executions: z.array(executionView) }) } },
  }),
  op({
    method: "get",
    path: "/api/routines/{id}",
    tag,
    access: "viewer",
    summary: "An execution with its steps and their output so far (poll it to follow a routine)",
    params: z.object({ id: z.uuid() }),
    responses: { 200: { description: "the execution", schema: z.object({ execution: executionWithStepsView }) } },
  }),
];
