// Access to the API: every route refuses anonymous and under-privileged
// callers (the routes are read from app/api, not listed here), tokens are
// checked on every request, logins are slowed down, and no secret or token
// value leaks into an answer or a log.
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import { after, before, test } from "node:test";
import type { Role } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { logFile } from "@/lib/runtime/paths";
import { webUrl } from "@/lib/runtime/web-url";
import { api as call, type ApiResponse, type Caller } from "@/tests/support/api";
import { apiRoutes } from "@/tests/support/api-routes";
import { adminPassword, newToken, sessionCookie } from "@/tests/support/auth";
import { testTag } from "@/tests/support/test-data";

const tag = testTag("auth");
const operatorName = `${tag}-op`;
const operatorPassword = `pw-${randomBytes(12).toString("hex")}`;
/** Every answer of this file, searched for leaked values at the end. */
const answers: string[] = [];
/** Values that must never be seen again once sent. */
const secretValues: string[] = [operatorPassword, adminPassword()];
const tokens: Partial<Record<Role, string>> = {};

async function api(method: string, path: string, body?: unknown, caller?: Caller): Promise<ApiResponse> {
  const res = await call(method, path, body, caller);
  // Creating a token is the one answer that holds its value.
  if (!(method === "POST" && path === "/api/tokens" && res.status === 201)) answers.push(res.text);
  return res;
}

const bearer = (token: string): Caller => ({ token });
const rank: Role[] = ["viewer", "operator", "admin"];

before(async () => {
  for (const role of rank) {
    const token = await newToken(role);
    tokens[role] = token.value;
    secretValues.push(token.value);
  }
});

after(async () => {
  await db.loginThrottle.deleteMany({});
  await db.user.deleteMany({ where: { username: { startsWith: tag } } });
  await db.secret.deleteMany({ where: { name: { startsWith: tag } } });
  await db.$disconnect();
});

/** A concrete URL for a route: ids that look real but match nothing, names that match nothing. */
const probePath = (path: string) => path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === "id" ? randomUUID() : `${tag}-probe`));

test("every route refuses anonymous callers with 401 and lower roles with 403, and lets its own role through", async () => {
  const doc = (await api("GET", "/api/openapi.json", undefined, "anonymous")).json;
  const routes = apiRoutes();
  assert.ok(routes.some((r) => r.method !== "get"), "mutating routes were found");
  for (const route of routes) {
    const access = doc.paths[route.path]?.[route.method]?.["x-cosmo-access"];
    assert.ok(access, `${route.method} ${route.path} is documented with who may call it`);
    const url = probePath(route.path);
    const method = route.method.toUpperCase();
    const body = method === "GET" ? undefined : {};
    const what = `${method} ${url}`;
    if (access === "public") {
      assert.notEqual((await api(method, url, body, "anonymous")).status, 401, what);
      continue;
    }
    const anonymous = await api(method, url, body, "anonymous");
    assert.equal(anonymous.status, 401, `${what} anonymous: ${anonymous.text}`);
    assert.equal(anonymous.json.error.code, "UNAUTHORIZED");
    assert.equal((await api(method, url, body, bearer("cosmo_not-a-token"))).status, 401, `${what} with an unknown token`);
    for (const role of rank.slice(0, rank.indexOf(access))) {
      const res = await api(method, url, body, bearer(tokens[role]!));
      assert.equal(res.status, 403, `${what} as ${role}: ${res.text}`);
      assert.equal(res.json.error.code, "FORBIDDEN");
    }
    // Its own role gets past authorisation (the made-up names then fail as 400 or 404, changing nothing).
    const allowed = await api(method, url, body, bearer(tokens[access as Role]!));
    assert.ok(![401, 403].includes(allowed.status), `${what} as ${access}: ${allowed.status} ${allowed.text}`);
  }
});

test("a revoked token stops working with the next request", async () => {
  const token = await newToken("operator");
  secretValues.push(token.value);
  assert.equal((await api("GET", "/api/clusters", undefined, bearer(token.value))).status, 200);
  const revoked = await api("DELETE", `/api/tokens/${token.id}`);
  assert.equal(revoked.status, 200, revoked.text);
  assert.ok(revoked.json.token.revokedAt);
  const after = await api("GET", "/api/clusters", undefined, bearer(token.value));
  assert.equal(after.status, 401);
  assert.match(after.json.error.message, /revoked/);
  const audit = await api("GET", `/api/audit?targetType=token&targetId=${token.id}`);
  assert.deepEqual(audit.json.events.map((e: { action: string }) => e.action), ["token.revoked", "token.created"]);
});

test("an expired token is refused, and lastUsedAt records when a token was used", async () => {
  const token = await newToken("viewer");
  secretValues.push(token.value);
  assert.equal((await api("GET", "/api/session", undefined, bearer(token.value))).status, 200);
  assert.ok((await db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt, "last use recorded");
  await db.apiToken.update({ where: { id: token.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  assert.equal((await api("GET", "/api/session", undefined, bearer(token.value))).status, 401);
});

test("only the token's sha256 is stored, and its value is answered once", async () => {
  const created = await api("POST", "/api/tokens", { name: `${tag}-once`, role: "viewer", expiresInDays: 7 });
  assert.equal(created.status, 201, created.text);
  const value: string = created.json.value;
  secretValues.push(value);
  assert.match(value, /^cosmo_[A-Za-z0-9_-]{43}$/);
  assert.ok(value.startsWith(created.json.token.prefix));
  const row = await db.apiToken.findUniqueOrThrow({ where: { id: created.json.token.id } });
  assert.notEqual(row.tokenHash, value);
  assert.equal(JSON.stringify(row).includes(value), false, "the row does not hold the value");
  const list = await api("GET", "/api/tokens");
  assert.ok(list.json.tokens.some((t: { id: string }) => t.id === row.id));
  assert.equal(list.text.includes(value), false);
});

test("users: an admin creates an operator, whose tokens can not exceed operator and who loses access when disabled", async () => {
  const created = await api("POST", "/api/users", { username: operatorName, password: operatorPassword, role: "operator" });
  assert.equal(created.status, 201, created.text);
  const short = await api("POST", "/api/users", { username: `${tag}-x`, password: "short", role: "viewer" });
  assert.equal(short.status, 400);
  assert.deepEqual(short.json.error.fields.map((f: { path: string }) => f.path), ["password"]);

  const cookie = await sessionCookie(operatorName, operatorPassword);
  const me = await api("GET", "/api/session", undefined, { cookie });
  assert.deepEqual([me.json.actor.name, me.json.actor.role], [operatorName, "operator"]);
  assert.equal((await api("GET", "/api/users", undefined, { cookie })).status, 403, "operators do not manage users");

  const tooHigh = await api("POST", "/api/tokens", { name: "ci", role: "admin" }, { cookie });
  assert.equal(tooHigh.status, 400);
  assert.deepEqual(tooHigh.json.error.fields, [{ path: "role", message: "at most your own role (operator)" }]);
  const ok = await api("POST", "/api/tokens", { name: "ci", role: "operator" }, { cookie });
  assert.equal(ok.status, 201, ok.text);
  secretValues.push(ok.json.value);
  const token = bearer(ok.json.value);
  assert.equal((await api("POST", `/api/clusters/${tag}-none/duplicate`, { name: `${tag}-copy` }, token)).status, 404, "operator routes are open to it");

  // Demoted: the token is capped by its creator's role as it is now.
  assert.equal((await api("PATCH", `/api/users/${operatorName}`, { role: "viewer" })).status, 200);
  assert.equal((await api("POST", `/api/clusters/${tag}-none/duplicate`, { name: `${tag}-copy` }, token)).status, 403);

  const disabled = await api("PATCH", `/api/users/${operatorName}`, { disabled: true });
  assert.equal(disabled.status, 200, disabled.text);
  assert.equal(disabled.json.user.disabled, true);
  assert.equal((await api("GET", "/api/session", undefined, { cookie })).status, 401, "the session ended");
  assert.equal((await api("GET", "/api/session", undefined, token)).status, 401, "the tokens stopped");
  const login = await api("POST", "/api/session", { username: operatorName, password: operatorPassword }, "anonymous");
  assert.equal(login.status, 401);

  const events = (await api("GET", `/api/audit?targetType=user&targetId=${created.json.user.id}`)).json.events.map((e: { action: string; actor: string }) => `${e.actor} ${e.action}`);
  const admin = (await api("GET", "/api/session")).json.actor.name;
  assert.ok(events.includes(`${admin} user.created`), events.join("\n"));
  assert.ok(events.includes(`${admin} user.role-changed`));
  assert.ok(events.includes(`${admin} user.disabled`));
  assert.ok(events.includes(`${operatorName} login.succeeded`));
  assert.ok(events.includes(`${operatorName} login.failed`));
});

test("the last enabled admin can not be demoted or disabled, nor can admins lock themselves out", async () => {
  const self = await api("PATCH", "/api/users/admin", { disabled: true }, { cookie: await sessionCookie() });
  assert.equal(self.status, 409);
  const other = await api("PATCH", "/api/users/admin", { role: "viewer" });
  assert.equal(other.status, 409, other.text);
  assert.match(other.json.error.message, /last enabled admin|yourself/);
});

test("a session logs out, and its cookie is refused afterwards; another site can not use it to change anything", async () => {
  const cookie = await sessionCookie();
  const crossSite = await fetch(`${webUrl()}/api/clusters`, { method: "POST", headers: { cookie, origin: "http://evil.example", "content-type": "text/plain" }, body: "{}" });
  assert.equal(crossSite.status, 403);
  assert.equal((await api("GET", "/api/session", undefined, { cookie })).status, 200);
  assert.equal((await api("DELETE", "/api/session", undefined, { cookie })).status, 204);
  assert.equal((await api("GET", "/api/session", undefined, { cookie })).status, 401);
});

test("repeated failed logins for a user name are refused with 429, even with the right password, until the lock passes", async () => {
  const wrong = { username: "admin", password: "not-the-password" };
  try {
    for (let i = 1; i <= 5; i++) assert.equal((await api("POST", "/api/session", wrong, "anonymous")).status, 401, `failure ${i}`);
    const locked = await api("POST", "/api/session", { username: "admin", password: adminPassword() }, "anonymous");
    assert.equal(locked.status, 429, locked.text);
    assert.equal(locked.json.error.code, "TOO_MANY_REQUESTS");
    const row = await db.loginThrottle.findUniqueOrThrow({ where: { key: "user:admin" } });
    assert.equal(row.failures, 5);
    assert.ok(row.lockedUntil && row.lockedUntil > new Date());
    // The lock passing, without waiting for it:
    await db.loginThrottle.update({ where: { key: "user:admin" }, data: { lockedUntil: new Date(Date.now() - 1) } });
    assert.equal((await api("POST", "/api/session", { username: "admin", password: adminPassword() }, "anonymous")).status, 200);
    assert.equal(await db.loginThrottle.count({ where: { key: "user:admin" } }), 0, "a success clears the user name's count");
  } finally {
    await db.loginThrottle.deleteMany({});
  }
});

test("many failed logins from one address lock that address for every user name", async () => {
  try {
    for (let i = 0; i < 20; i++) await api("POST", "/api/session", { username: `${tag}-guess-${i}`, password: "nope-nope-nope" }, "anonymous");
    const res = await api("POST", "/api/session", { username: "admin", password: adminPassword() }, "anonymous");
    assert.equal(res.status, 429, res.text);
    assert.match(res.json.error.message, /this address/);
  } finally {
    await db.loginThrottle.deleteMany({});
  }
});

test("secret values never come back: not in answers, not in the audit log", async () => {
  const value = { accessKeyId: `AKIA${randomBytes(8).toString("hex")}`, secretAccessKey: randomBytes(24).toString("base64url") };
  secretValues.push(value.accessKeyId, value.secretAccessKey);
  const name = `${tag}-s3`;
  assert.equal((await api("POST", "/api/secrets", { name, kind: "s3_credentials", value })).status, 201);
  const replaced = { accessKeyId: `AKIA${randomBytes(8).toString("hex")}`, secretAccessKey: randomBytes(24).toString("base64url") };
  secretValues.push(replaced.accessKeyId, replaced.secretAccessKey);
  assert.equal((await api("PUT", `/api/secrets/${name}`, { value: replaced })).status, 200);
  const bad = await api("PUT", `/api/secrets/${name}`, { value: { accessKeyId: value.accessKeyId, secretAccessKey: "has space" } });
  assert.equal(bad.status, 400);
  await api("GET", "/api/secrets");
  const audit = await api("GET", `/api/audit?targetType=secret&targetId=${name}`);
  assert.deepEqual(audit.json.events.map((e: { action: string }) => e.action), ["secret.replaced", "secret.created"]);
  assert.equal((await api("DELETE", `/api/secrets/${name}`)).status, 204);
});

test("no token, password or secret value appears in any answer of this file or in the web and routine-worker logs", async () => {
  const logs = ["web", "routine-worker"].map((s) => fs.readFileSync(logFile(s), "utf8"));
  assert.ok(logs[0]!.length > 0, "the web log has content");
  assert.ok(answers.length > 50);
  const everything = [...answers, ...logs].join("\n");
  const leaked = secretValues.filter((v) => everything.includes(v));
  assert.deepEqual(leaked.map((v) => `${v.slice(0, 6)}…`), []);
});
