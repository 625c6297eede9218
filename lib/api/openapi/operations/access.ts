import { z } from "zod";
import { op } from "@/lib/api/openapi/operation";
import { actorView, auditEventView, tokenView, userView } from "@/lib/api/openapi/views";
import { auditQuerySchema } from "@/lib/audit/list-audit-events";
import { loginInputSchema } from "@/lib/auth/login";
import { createTokenSchema, tokenListQuerySchema } from "@/lib/tokens/token-input";
import { createUserSchema, updateUserSchema } from "@/lib/users/user-input";

const actor = z.object({ actor: actorView });

export const accessOperations = [
  op({ method: "get", path: "/api/session", tag: "session", access: "viewer", summary: "Who the caller is (session cookie or token)", responses: { 200: { description: "the caller", schema: actor } } }),
  op({
    method: "post",
    path: "/api/session",
    tag: "session",
    access: "public",
    summary: "Log in with a user name and password: sets the session cookie",
    description: "401 for a wrong user name or password; 429 after repeated failures for the user name or the client address, even with the right password, until the lock passes.",
    body: loginInputSchema,
    responses: { 200: { description: "logged in (Set-Cookie)", schema: actor } },
  }),
  op({ method: "delete", path: "/api/session", tag: "session", access: "viewer", summary: "Log out: ends the session and clears its cookie", responses: { 204: { description: "logged out" } } }),
  op({ method: "get", path: "/api/users", tag: "users", access: "admin", summary: "List the users", responses: { 200: { description: "the users", schema: z.object({ users: z.array(userView) }) } } }),
  op({ method: "post", path: "/api/users", tag: "users", access: "admin", summary: "Create a user with a role and a password", body: createUserSchema, responses: { 201: { description: "created", schema: z.object({ user: userView }) } } }),
  op({
    method: "patch",
    path: "/api/users/{id}",
    tag: "users",
    access: "admin",
    summary: "Change a user's role, disable or re-enable them, or set their password",
    description: "Disabling ends the user's sessions and stops their tokens at once. The last enabled admin can not be disabled or demoted.",
    params: z.object({ id: z.string().describe("the user's id or user name") }),
    body: updateUserSchema,
    responses: { 200: { description: "updated", schema: z.object({ user: userView }) } },
  }),
  op({
    method: "get",
    path: "/api/tokens",
    tag: "tokens",
    access: "viewer",
    summary: "The caller's API tokens (every user's with all=true, admins only)",
    query: tokenListQuerySchema,
    responses: { 200: { description: "the tokens, never their values", schema: z.object({ tokens: z.array(tokenView) }) } },
  }),
  op({
    method: "post",
    path: "/api/tokens",
    tag: "tokens",
    access: "viewer",
    summary: "Create an API token for the caller; its value is in this answer only",
    description: "Send it as `Authorization: Bearer <value>`. Its role can not exceed the caller's.",
    body: createTokenSchema,
    responses: { 201: { description: "created", schema: z.object({ token: tokenView, value: z.string().describe("the token: shown this once") }) } },
  }),
  op({
    method: "delete",
    path: "/api/tokens/{id}",
    tag: "tokens",
    access: "viewer",
    summary: "Revoke a token (one's own; any for admins): the next request with it is refused",
    params: z.object({ id: z.uuid() }),
    responses: { 200: { description: "revoked", schema: z.object({ token: tokenView }) } },
  }),
  op({
    method: "get",
    path: "/api/audit",
    tag: "audit",
    access: "viewer",
    summary: "The audit log, newest first: who did what to which target, and when",
    description: "A run's events: ?targetType=run&targetId=<run id>. Page with before=<at of the last event>.",
    query: auditQuerySchema,
    responses: { 200: { description: "the events", schema: z.object({ events: z.array(auditEventView) }) } },
  }),
];
