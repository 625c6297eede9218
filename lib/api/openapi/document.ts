import { z } from "zod";
import type { Operation, ResponseSpec } from "@/lib/api/openapi/operation";
import { accessOperations } from "@/lib/api/openapi/operations/access";
import { alarmOperations } from "@/lib/api/openapi/operations/alarms";
import { clusterOperations } from "@/lib/api/openapi/operations/clusters";
import { kafkaOperations } from "@/lib/api/openapi/operations/kafka";
import { qualityOperations } from "@/lib/api/openapi/operations/quality";
import { dataQualityOperations } from "@/lib/api/openapi/operations/data-quality";
import { routineOperations } from "@/lib/api/openapi/operations/routines";
import { runOperations } from "@/lib/api/openapi/operations/runs";
import { secretOperations } from "@/lib/api/openapi/operations/secrets";
import { systemOperations } from "@/lib/api/openapi/operations/system";
import { errorStatus } from "@/lib/errors";

/** Every operation of the REST API: a route without one here fails tests/openapi.test.ts. */
export const operations: Operation[] = [...systemOperations, ...accessOperations, ...clusterOperations, ...kafkaOperations, ...secretOperations, ...routineOperations, ...runOperations, ...alarmOperations, ...qualityOperations, ...dataQualityOperations];

const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(errorStatus) as [keyof typeof errorStatus, ...(keyof typeof errorStatus)[]]),
    message: z.string().describe("safe to show a user"),
    fields: z.array(z.object({ path: z.string().describe("dotted, e.g. spec.hosts.0.address"), message: z.string().describe("what was expected") })).optional(),
  }),
});

type JsonSchema = Record<string, unknown>;

// Bodies are described as clients send them (defaults optional), answers as they come.
const jsonSchema = (schema: z.ZodType, io: "input" | "output"): JsonSchema => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" });
  return rest;
};

const errorRef = { $ref: "#/components/schemas/Error" };
const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: errorRef } } });

function responsesOf(operation: Operation): Record<string, unknown> {
  const success = Object.entries(operation.responses).map(([status, r]: [string, ResponseSpec]) => [
    status,
    r.schema || r.contentType ? { description: r.description, content: { [r.contentType ?? "application/json"]: r.schema ? { schema: jsonSchema(r.schema, "output") } : {} } } : { description: r.description },
  ]);
  const errors: [string, unknown][] = [];
  if (operation.params || operation.query || operation.body) errors.push(["400", errorResponse("invalid input: `fields` names each field and what was expected")]);
  if (operation.access !== "public") {
    errors.push(["401", errorResponse("not logged in, or the token is unknown, expired or revoked")]);
    errors.push(["403", errorResponse(`needs the ${operation.access} role or above`)]);
  }
  if (operation.params) errors.push(["404", errorResponse("not found")]);
  if (operation.body) errors.push(["413", errorResponse("the body is larger than the server's limit (COSMO_MAX_BODY_BYTES, 1 MiB by default)")]);
  if (operation.method !== "get") errors.push(["409", errorResponse("conflicts with the current state (a name taken, a run open, a routine under way)")]);
  errors.push(["default", errorResponse("any other error, in the same shape")]);
  return Object.fromEntries([...success, ...errors]);
}

function parametersOf(operation: Operation): unknown[] {
  const list = (schema: z.ZodObject | undefined, where: "path" | "query") =>
    Object.entries(schema?.shape ?? {}).map(([name, field]) => {
      const s = jsonSchema(field as z.ZodType, "input");
      return { name, in: where, required: where === "path" || !(field as z.ZodType).safeParse(undefined).success, schema: s, ...(s.description ? { description: s.description } : {}) };
    });
  return [...list(operation.params, "path"), ...list(operation.query, "query")];
}

function operationObject(operation: Operation): Record<string, unknown> {
  const parameters = parametersOf(operation);
  return {
    operationId: `${operation.method}${operation.path.replace(/[{}]/g, "").replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase())}`,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    "x-cosmo-access": operation.access,
    security: operation.access === "public" ? [] : [{ bearer: [] }, { session: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(operation.body ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(operation.body, "input") } } } } : {}),
    responses: responsesOf(operation),
  };
}

/** The OpenAPI 3.1 document of the REST API, from the zod schemas the routes parse with. */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) (paths[operation.path] ??= {})[operation.method] = operationObject(operation);
  return {
    openapi: "3.1.0",
    info: {
      title: "COSMO",
      version: "1",
      description:
        "Control plane and live data-quality monitor of the MiniDT detector. Scripts send `Authorization: Bearer <token>` (tokens are made at /settings/tokens); browsers use the session cookie set by POST /api/session. Roles: admin > operator > viewer. Every error is `{ error: { code, message, fields? } }`.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    components: {
      schemas: { Error: jsonSchema(errorBodySchema, "output") },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "an API token" },
        session: { type: "apiKey", in: "cookie", name: "cosmo.session_token", description: "the browser's login" },
      },
    },
    paths,
  };
}
