import { z } from "zod";

export const serviceHealthSchema = z.object({
  name: z.string(),
  state: z.enum(["running", "stopped", "unhealthy", "external"]),
  version: z.string(),
  pid: z.number().optional(),
  port: z.number().optional(),
  url: z.string().optional(),
  optional: z.boolean(),
});

export const healthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  checkedAt: z.string(),
  services: z.array(serviceHealthSchema),
});

export type Health = z.infer<typeof healthSchema>;
export type ServiceHealth = z.infer<typeof serviceHealthSchema>;
