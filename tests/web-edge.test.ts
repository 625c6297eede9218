// The web edge as an attacker meets it: forwarded headers believed only from
// trusted proxies, the origin check, security headers on every answer, 405 and
// 413 with the error body, the login redirect, login timing, and what one
// token or role may do to another's.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import net from "node:net";
import { after, before, test } from "node:test";
import { sameOriginPath } from "@/lib/auth/login-redirect";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { webUrl } from "@/lib/runtime/web-url";
import { api } from "@/tests/support/api";
import { apiRoutes } from "@/tests/support/api-routes";
import { adminPassword, newToken, sessionCookie } from "@/tests/support/auth";
import { errorBodyProblem, rawRequest } from "@/tests/support/raw-http";
import { testTag } from "@/tests/support/test-data";
import { startWebServer } from "@/tests/support/web-server";

const tag = testTag("edge");
let proxied: { url: string; stop: () => Promise<void> };

before(async () => {
  // The same build and database, believing the forwarded headers of this machine's loopback (the tests' "proxy").
  proxied = await startWebServer({ COSMO_TRUSTED_PROXIES: "127.0.0.0/8" });
});

after(async () => {
  await proxied?.stop();
  await db.loginThrottle.deleteMany({});
  await db.user.deleteMany({ where: { username: { startsWith: tag } } });
  await db.$disconnect();
});

const json = { "content-type": "application/json" };
const failedLoginAddress = async (username: string): Promise<string> => {
  const events = (await api("GET", `/api/audit?action=login.failed&targetId=${username}`)).json.events;
  return events[0]?.details?.address;
};

test("X-Forwarded-For from a client is ignored: the throttle and the audit log see the socket's address", async () => {
  try {
    for (let i = 0; i < 20; i++) {
      const res = await rawRequest({ method: "POST", path: "/api/session", headers: { ...json, "x-forwarded-for": `198.51.100.${i}` }, body: JSON.stringify({ username: `${tag}-g${i}`, password: "nope-nope-nope" }) });
      assert.equal(res.status, 401, res.text);
    }
    assert.equal(await failedLoginAddress(`${tag}-g0`), "127.0.0.1", "the audit log has the real address");
    const locked = await rawRequest({ method: "POST", path: "/api/session", headers: { ...json, "x-forwarded-for": "203.0.113.99" }, body: JSON.stringify({ username: "admin", password: adminPassword() }) });
    assert.equal(locked.status, 429, locked.text);
    assert.match(JSON.parse(locked.text).error.message, /this address/);
  } finally {
    await db.loginThrottle.deleteMany({});
  }
});

test("behind a trusted proxy the client named by X-Forwarded-For is recorded, and X-Forwarded-Proto https makes the cookie Secure", async () => {
  try {
    const name = `${tag}-via-proxy`;
    const res = await rawRequest({ base: proxied.url, method: "POST", path: "/api/session", headers: { ...json, "x-forwarded-for": "203.0.113.7, 127.0.0.5" }, body: JSON.stringify({ username: name, password: "nope-nope-nope" }) });
    assert.equal(res.status, 401, res.text);
    assert.equal(await failedLoginAddress(name), "203.0.113.7", "the nearest address that is not a trusted proxy");
    const login = { username: "admin", password: adminPassword() };
    const secure = await rawRequest({ base: proxied.url, method: "POST", path: "/api/session", headers: { ...json, "x-forwarded-proto": "https" }, body: JSON.stringify(login) });
    assert.equal(secure.status, 200, secure.text);
    assert.ok(secure.headers["set-cookie"]!.every((c) => /;\s*Secure/i.test(c)), String(secure.headers["set-cookie"]));
    const forged = await rawRequest({ method: "POST", path: "/api/session", headers: { ...json, "x-forwarded-proto": "https" }, body: JSON.stringify(login) });
    assert.equal(forged.status, 200, forged.text);
    assert.ok(forged.headers["set-cookie"]!.every((c) => !/;\s*Secure/i.test(c)), "a client's own X-Forwarded-Proto is not believed");
  } finally {
    await db.loginThrottle.deleteMany({});
  }
});

test("a cookie request that changes something needs an Origin naming this host: null, garbage and a forged X-Forwarded-Host are 403", async () => {
  const cookie = await sessionCookie();
  const post = (origin: string, extra: Record<string, string> = {}, base?: string) =>
    rawRequest({ base, method: "POST", path: `/api/clusters/${tag}-none/duplicate`, headers: { ...json, cookie, origin, ...extra }, body: JSON.stringify({ name: `${tag}-copy` }) });
  for (const [origin, extra] of [["null", {}], ["::not a url::", {}], ["http://evil.example", { "x-forwarded-host": "evil.example" }]] as const) {
    const res = await post(origin, extra);
    assert.equal(res.status, 403, `${origin}: ${res.text}`);
    assert.equal(JSON.parse(res.text).error.code, "FORBIDDEN");
  }
  assert.equal((await post(webUrl())).status, 404, "from this site it goes through (to the missing cluster)");
  // Behind a trusted proxy, the host the browser addressed is the proxy's X-Forwarded-Host.
  assert.equal((await post("https://cosmo.example", { "x-forwarded-host": "cosmo.example" }, proxied.url)).status, 404);
  assert.equal((await post("https://evil.example", { "x-forwarded-host": "cosmo.example" }, proxied.url)).status, 403);
});

test("pages, API answers and static files carry the security headers; API answers are never cached; nothing says it is Next.js", async () => {
  const login = await fetch(`${webUrl()}/login`);
  const html = await login.text();
  const script = /<script src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(script, "the login page loads Next's scripts");
  const csp = login.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  assert.ok(nonce, csp);
  assert.ok(html.includes(`nonce="${nonce}"`), "Next put the nonce on its inline scripts");
  assert.notEqual(/'nonce-([^']+)'/.exec((await fetch(`${webUrl()}/login`)).headers.get("content-security-policy") ?? "")?.[1], nonce, "a nonce per request");
  const answers = { page: login, api: await fetch(`${webUrl()}/api/session`, { headers: { cookie: await sessionCookie() } }), static: await fetch(`${webUrl()}${script}`), health: await fetch(`${webUrl()}/api/health`) };
  for (const [what, res] of Object.entries(answers)) {
    assert.match(res.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/, what);
    assert.equal(res.headers.get("x-frame-options"), "DENY", what);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff", what);
    assert.equal(res.headers.get("referrer-policy"), "same-origin", what);
    assert.equal(res.headers.get("x-powered-by"), null, what);
  }
  assert.equal(answers.api.status, 200);
  assert.match(answers.api.headers.get("cache-control") ?? "", /no-store/);
  assert.match(csp, /script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
});

test("a method a route does not have is 405 with the error body and an Allow header listing those it has", async () => {
  const byPath = new Map<string, string[]>();
  for (const r of apiRoutes()) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r.method.toUpperCase()]);
  for (const [path, methods] of byPath) {
    const url = path.replace(/\{(\w+)\}/g, `${tag}-x`);
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE", "TRACE"].filter((m) => !methods.includes(m))) {
      const res = await rawRequest({ method, path: url, headers: { authorization: "Bearer cosmo_not-a-token" } });
      assert.equal(res.status, 405, `${method} ${url}: ${res.text}`);
      assert.equal(errorBodyProblem(res), null);
      assert.deepEqual(String(res.headers.allow).split(", ").sort(), [...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"].sort(), `${method} ${url}`);
    }
  }
  const trace = await rawRequest({ method: "TRACE", path: "/login" });
  assert.equal(trace.status, 405);
  assert.equal(trace.headers.allow, "GET, HEAD");
});

/** Bytes straight onto a socket: what node's own HTTP client refuses to send. */
async function rawBytes(request: string): Promise<{ status: number; body: string }> {
  const url = new URL(webUrl());
  const socket = net.connect(Number(url.port), url.hostname);
  socket.end(request);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const answer = Buffer.concat(chunks).toString("utf8");
  return { status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1]), body: answer.split("\r\n\r\n").slice(1).join("\r\n\r\n") };
}

test("what node's HTTP parser refuses (an unknown method token, oversized headers) still answers with the error body", async () => {
  const unknown = await rawBytes("FOO /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
  assert.equal(unknown.status, 400);
  assert.equal(JSON.parse(unknown.body).error.code, "BAD_REQUEST");
  const huge = await rawBytes(`GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(40_000)}\r\n\r\n`);
  assert.equal(huge.status, 431);
  assert.equal(JSON.parse(huge.body).error.code, "REQUEST_HEADERS_TOO_LARGE");
});

test("a body over COSMO_MAX_BODY_BYTES is 413, declared or chunked, even anonymously", async () => {
  const big = Buffer.alloc(env.COSMO_MAX_BODY_BYTES + 1, "a");
  for (const chunked of [false, true]) {
    const res = await rawRequest({ method: "POST", path: "/api/session", headers: json, body: big, chunked });
    assert.equal(res.status, 413, `chunked ${chunked}: ${res.text}`);
    assert.equal(JSON.parse(res.text).error.code, "PAYLOAD_TOO_LARGE");
  }
  // One byte under the limit is read (and is no JSON).
  const under = await rawRequest({ method: "POST", path: "/api/session", headers: json, body: Buffer.alloc(env.COSMO_MAX_BODY_BYTES, " "), chunked: true });
  assert.equal(under.status, 400, under.text);
});

test("the login page's next is a path of this site, whatever the spelling", () => {
  const origin = "http://127.0.0.1:3000";
  const cases: [string | null, string][] = [
    ["/clusters?x=1", "/clusters?x=1"],
    ["/runs/abc#w", "/runs/abc#w"],
    ["/\\127.0.0.1:3999/pwned", "/"],
    ["//evil.example/x", "/"],
    ["/%5C%5Cevil.example", "/%5C%5Cevil.example"],
    ["\\\\evil.example", "/"],
    ["https://evil.example/", "/"],
    ["/\t/evil.example", "/"],
    ["javascript:alert(1)", "/"],
    [null, "/"],
  ];
  for (const [next, expected] of cases) assert.equal(sameOriginPath(next, origin), expected, String(next));
});

test("an unknown user name takes as long to refuse as a wrong password (both check a password hash)", async () => {
  try {
    const times = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < 4; i++) {
      for (const [kind, username] of [["known", "admin"], ["unknown", `${tag}-nobody-${i}`]] as const) {
        const t0 = performance.now();
        const res = await api("POST", "/api/session", { username, password: "not-the-password" }, "anonymous");
        times[kind].push(performance.now() - t0);
        assert.equal(res.status, 401, res.text);
      }
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // Before the dummy hash, unknown names answered in a tenth of the time; half is far from both.
    assert.ok(median(times.unknown) > median(times.known) / 2, JSON.stringify(times));
  } finally {
    await db.loginThrottle.deleteMany({});
  }
});

test("a viewer token can not see or revoke its owner's admin token", async () => {
  const adminToken = await newToken("admin");
  const viewer = { token: (await newToken("viewer")).value };
  const revoke = await api("DELETE", `/api/tokens/${adminToken.id}`, undefined, viewer);
  assert.equal(revoke.status, 403, revoke.text);
  assert.equal((await db.apiToken.findUniqueOrThrow({ where: { id: adminToken.id } })).revokedAt, null);
  const listed = (await api("GET", "/api/tokens", undefined, viewer)).json.tokens.map((t: { id: string; role: string }) => t.role);
  assert.ok(listed.length > 0 && listed.every((role: string) => role === "viewer"), listed.join());
  assert.equal((await api("DELETE", `/api/tokens/${adminToken.id}`, undefined, { token: adminToken.value })).status, 200, "its own role may");
});

test("re-enabling a disabled user revives neither its tokens nor its sessions", async () => {
  const username = `${tag}-op`;
  const password = randomBytes(12).toString("hex");
  assert.equal((await api("POST", "/api/users", { username, password, role: "operator" })).status, 201);
  const cookie = await sessionCookie(username, password);
  const token = (await api("POST", "/api/tokens", { name: "ci", role: "operator" }, { cookie })).json.value;
  assert.equal((await api("GET", "/api/session", undefined, { token })).status, 200);
  assert.equal((await api("PATCH", `/api/users/${username}`, { disabled: true })).status, 200);
  assert.equal((await api("PATCH", `/api/users/${username}`, { disabled: false })).status, 200);
  assert.equal((await api("GET", "/api/session", undefined, { token })).status, 401, "the token stays revoked");
  assert.equal((await api("GET", "/api/session", undefined, { cookie })).status, 401, "the session stays ended");
  assert.equal((await api("GET", "/api/session", undefined, { cookie: await sessionCookie(username, password) })).status, 200, "a new login works");
});

test("failed logins (user names, addresses) in the audit log are for admins only", async () => {
  await api("POST", "/api/session", { username: `${tag}-who`, password: "nope-nope-nope" }, "anonymous");
  await db.loginThrottle.deleteMany({});
  const query = `/api/audit?targetType=user&targetId=${tag}-who`;
  assert.equal((await api("GET", query)).json.events.length, 1, "an admin sees it");
  for (const role of ["viewer", "operator"] as const) {
    const res = await api("GET", query, undefined, { token: (await newToken(role)).value });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json.events, [], role);
    const all = await api("GET", "/api/audit?limit=500", undefined, { token: (await newToken(role)).value });
    assert.ok(all.json.events.length > 0 && all.json.events.every((e: { action: string }) => !e.action.startsWith("login.")), `${role} sees the rest, no logins`);
  }
});
