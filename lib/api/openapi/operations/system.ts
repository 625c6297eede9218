import { z } from "zod";
import { op } from "@/lib/api/openapi/operation";
import { healthSchema } from "@/lib/health/health-schema";

export const systemOperations = [
  op({ method: "get", path: "/api/health", tag: "system", access: "public", summary: "Every service's state, version and pid", responses: { 200: { description: "the stack's health", schema: healthSchema } } }),
  op({ method: "get", path: "/api/openapi.json", tag: "system", access: "public", summary: "This document (OpenAPI 3.1)", responses: { 200: { description: "the OpenAPI document", schema: z.record(z.string(), z.unknown()) } } }),
];
