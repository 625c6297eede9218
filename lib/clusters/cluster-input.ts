import { z } from "zod";
import { clusterSpecSchema, slug } from "@/lib/clusters/cluster-spec";

/** What a team writes to create or replace a configuration. The name shows in URLs and the CLI. */
export const clusterInputSchema = z.object({
  name: slug,
  description: z.string().max(2000, "at most 2000 characters").default(""),
  spec: clusterSpecSchema,
});

export type ClusterInput = z.input<typeof clusterInputSchema>;
export type ParsedClusterInput = z.infer<typeof clusterInputSchema>;

export const duplicateInputSchema = z.object({
  name: slug,
  description: z.string().max(2000, "at most 2000 characters").optional(),
});

export type DuplicateInput = z.input<typeof duplicateInputSchema>;
