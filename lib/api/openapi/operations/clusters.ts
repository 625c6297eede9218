import { z } from "zod";
import { op } from "@/lib/api/openapi/operation";
import { clusterView, presetView } from "@/lib/api/openapi/views";
import { clusterInputSchema, duplicateInputSchema } from "@/lib/clusters/cluster-input";

const tag = "clusters";
const name = z.object({ name: z.string().describe("the cluster's name (or id)") });

export const clusterOperations = [
  op({ method: "get", path: "/api/clusters", tag, access: "viewer", summary: "List the cluster configurations with their state", responses: { 200: { description: "the clusters", schema: z.object({ clusters: z.array(clusterView) }) } } }),
  op({ method: "post", path: "/api/clusters", tag, access: "operator", summary: "Create a cluster configuration (state down); hosts, secret references and s3Endpoint other than the localhost preset's need an admin (403 naming the fields)", body: clusterInputSchema, responses: { 201: { description: "created", schema: clusterView } } }),
  op({ method: "get", path: "/api/clusters/{name}", tag, access: "viewer", summary: "One cluster configuration", params: name, responses: { 200: { description: "the cluster", schema: clusterView } } }),
  op({
    method: "put",
    path: "/api/clusters/{name}",
    tag,
    access: "operator",
    summary: "Replace a configuration (409 while a run is open); changing hosts, secret references or s3Endpoint needs an admin (403 naming the fields); omitted secret references are kept unless their host moved",
    params: name,
    body: clusterInputSchema,
    responses: { 200: { description: "replaced", schema: clusterView } },
  }),
  op({ method: "delete", path: "/api/clusters/{name}", tag, access: "operator", summary: "Delete a configuration (409 while a run or routine is under way)", params: name, responses: { 204: { description: "deleted" } } }),
  op({ method: "post", path: "/api/clusters/{name}/duplicate", tag, access: "operator", summary: "Copy a configuration under a new name", params: name, body: duplicateInputSchema, responses: { 201: { description: "the copy", schema: clusterView } } }),
  op({ method: "get", path: "/api/presets", tag, access: "viewer", summary: "Configuration templates (localhost, example cloud)", responses: { 200: { description: "the presets", schema: z.object({ presets: z.array(presetView) }) } } }),
];
