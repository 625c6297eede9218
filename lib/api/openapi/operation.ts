import type { z } from "zod";
import type { Role } from "@/lib/auth/roles";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** Who may call an operation: a role (and any above it), or anyone. */
export type Access = Role | "public";

export interface ResponseSpec {
  description: string;
  /** The JSON body; none for 204 and streams. */
  schema?: z.ZodType;
  /** Default application/json; text/event-stream for streams. */
  contentType?: string;
}

/**
 * One operation of the REST API as the OpenAPI document describes it. The
 * zod schemas are the ones the route parses with, so the document follows the code.
 */
export interface Operation {
  method: HttpMethod;
  /** OpenAPI form: /api/clusters/{name}. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  access: Access;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Success responses; the error responses are added from `access`, params and body. */
  responses: Record<number, ResponseSpec>;
}

export const op = (operation: Operation): Operation => operation;
