import { z } from "zod";
import { op } from "@/lib/api/openapi/operation";
import { secretView } from "@/lib/api/openapi/views";
import { replaceSecretInputSchema } from "@/lib/secrets/replace-secret";
import { secretInputSchema } from "@/lib/secrets/secret-value";

const tag = "secrets";
const name = z.object({ name: z.string() });

export const secretOperations = [
  op({ method: "get", path: "/api/secrets", tag, access: "admin", summary: "List the secrets (names and kinds; never a value)", responses: { 200: { description: "the secrets", schema: z.object({ secrets: z.array(secretView) }) } } }),
  op({ method: "post", path: "/api/secrets", tag, access: "admin", summary: "Store a secret, sealed (AES-256-GCM)", body: secretInputSchema, responses: { 201: { description: "stored", schema: secretView } } }),
  op({ method: "put", path: "/api/secrets/{name}", tag, access: "admin", summary: "Give a secret a new value of its kind", params: name, body: replaceSecretInputSchema, responses: { 200: { description: "replaced", schema: secretView } } }),
  op({ method: "delete", path: "/api/secrets/{name}", tag, access: "admin", summary: "Delete a secret (409 while a configuration uses it)", params: name, responses: { 204: { description: "deleted" } } }),
];
