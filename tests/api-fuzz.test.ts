// Every route (read from app/api) against malformed requests: bodies (NUL,
// invalid UTF-8, lone surrogates, too large, wrong JSON types, too deep,
// seeded random documents), headers (bad Origin, Authorization, Cookie,
// forged X-Forwarded-*) and parameters (huge numbers, NUL, malformed
// percent-encoding). None may answer 5xx, and every 4xx carries the error body.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { webUrl } from "@/lib/runtime/web-url";
import { apiRoutes, type ApiRoute } from "@/tests/support/api-routes";
import { newToken, sessionCookie } from "@/tests/support/auth";
import { errorBodyProblem, rawRequest, type RawRequest } from "@/tests/support/raw-http";
import { testTag } from "@/tests/support/test-data";

const tag = testTag("fuzz");
const SEED = 20261127;
const routes = apiRoutes();
const auth: Record<string, Record<string, string>> = {};

before(async () => {
  auth.admin = { authorization: `Bearer ${(await newToken("admin")).value}` };
  auth.viewer = { authorization: `Bearer ${(await newToken("viewer")).value}` };
  auth.cookie = { cookie: await sessionCookie(), origin: webUrl() };
});

after(async () => {
  // Login-shaped documents count as failed logins of this address.
  await db.loginThrottle.deleteMany({});
  await db.$disconnect();
});

/** mulberry32: the same documents on every run, so a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = prng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const keys = ["name", "spec", "value", "kind", "role", "username", "password", "disabled", "expiresInDays", "params", "hosts", "description", "rate", "bucket"];
const strings = ["", "a\u0000b", "\ud800", "x".repeat(5000), "../../etc/passwd", "'; DROP TABLE users; --", "viewer", "admin", "🛰️", "%00"];

/** A random JSON-ish document: right keys, wrong (or right) types, up to `depth` levels. */
function randomDocument(depth: number): unknown {
  const kind = depth <= 0 ? Math.floor(random() * 4) : Math.floor(random() * 6);
  if (kind === 0) return pick(strings);
  if (kind === 1) return pick([0, -1, 2 ** 31, 2 ** 53 + 1, 1e308, -0.5]);
  if (kind === 2) return pick([true, false, null]);
  if (kind === 3) return pick([[], {}]);
  if (kind === 4) return Array.from({ length: 1 + Math.floor(random() * 3) }, () => randomDocument(depth - 1));
  return Object.fromEntries(Array.from({ length: 1 + Math.floor(random() * 4) }, () => [pick(keys), randomDocument(depth - 1)]));
}

const urlOf = (route: ApiRoute, value = `${tag}-probe`) => route.path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === "id" && value === `${tag}-probe` ? randomUUID() : value));

const json = { "content-type": "application/json" };
const nested = (n: number) => "[".repeat(n) + "]".repeat(n);

function bodyCases(): { what: string; body: Buffer | string; chunked?: boolean }[] {
  return [
    { what: "NUL in a string", body: JSON.stringify({ name: "a\u0000b", username: "a\u0000b", password: "x\u0000y", value: "\u0000" }) },
    { what: "a raw NUL byte", body: '{"name":"a\u0000"}' },
    { what: "invalid UTF-8", body: Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]) },
    { what: "a lone surrogate", body: '{"name":"\\ud800","username":"\\udc00x","password":"\\ud800\\ud800"}' },
    { what: "too large", body: Buffer.alloc(env.COSMO_MAX_BODY_BYTES + 1, "{") },
    { what: "too large, chunked", body: Buffer.alloc(env.COSMO_MAX_BODY_BYTES + 1, " "), chunked: true },
    { what: "nested 100000 deep", body: nested(100_000) },
    { what: "nested 100 deep", body: JSON.stringify({ name: JSON.parse(nested(100)), spec: JSON.parse(nested(100)) }) },
    { what: "not JSON", body: "{" },
    ...["[]", "123", '"text"', "null", "true", '{"name":123,"spec":"x","value":[],"role":{},"kind":7,"params":"p","disabled":"yes"}'].map((body) => ({ what: `wrong types ${body.slice(0, 20)}`, body })),
    ...Array.from({ length: 6 }, (_, i) => ({ what: `seeded document ${i}`, body: JSON.stringify(Object.fromEntries(keys.filter(() => random() < 0.5).map((k) => [k, randomDocument(3)]))) })),
  ];
}

const pathValues = ["%00", "a%00b", "%FF", "%E0%A4", "%ZZ", "%C0%AF", "99999999999999999999999", "-1", "%2E%2E", "%F0%9F%9B%B0", "x".repeat(3000)];
const queries = ["after=99999999999999999999", "after=2147483648", "after=-2147483649", "after=1e309", "limit=1e309", "limit=%00", "x=%ZZ", "before=%FF", "from=-200000-01-01", "to=%2B275760-09-13T00:00:00Z", "cursor=%00", "cursor=AAAA", "all=%00", "targetId=" + "a".repeat(5000), "status=%E0%A4", "%00=1", "limit=0x10"];
const headerCases: { what: string; headers: Record<string, string> }[] = [
  { what: "Origin null", headers: { origin: "null" } },
  { what: "Origin garbage", headers: { origin: "::::" } },
  { what: "Origin foreign with a matching X-Forwarded-Host", headers: { origin: "http://evil.example", "x-forwarded-host": "evil.example" } },
  { what: "Authorization without a token", headers: { authorization: "Bearer" } },
  { what: "Authorization Basic", headers: { authorization: "Basic YWRtaW46YWRtaW4=" } },
  { what: "Authorization with two tokens", headers: { authorization: "Bearer a b" } },
  { what: "Authorization with a long token", headers: { authorization: `Bearer cosmo_${"x".repeat(8000)}` } },
  { what: "Authorization with Latin-1 bytes", headers: { authorization: "Bearer cosmo_\u00ff\u00e9" } },
  { what: "forged X-Forwarded-*", headers: { "x-forwarded-for": "not-an-ip, , ,::ffff:999.1.1.1", "x-forwarded-host": "evil:99999", "x-forwarded-proto": "gopher", forwarded: "for=evil" } },
  { what: "a malformed session cookie", headers: { cookie: "cosmo.session_token=%ZZ%00; other=\u00ff" } },
  { what: "a long session cookie", headers: { cookie: `cosmo.session_token=${"a".repeat(6000)}.${"b".repeat(100)}` } },
];

const problems: string[] = [];

async function check(what: string, req: RawRequest): Promise<void> {
  const res = await rawRequest(req);
  const where = `${req.method} ${req.path.slice(0, 120)} (${what})`;
  if (res.status >= 500) problems.push(`${where}: ${res.status} ${res.text.slice(0, 200)}`);
  else if (res.status >= 400 && req.method !== "HEAD") {
    const problem = errorBodyProblem(res);
    if (problem) problems.push(`${where}: ${res.status} ${problem}`);
  }
}

test("malformed bodies: no route answers 5xx, every 4xx has the error body", { timeout: 120_000 }, async () => {
  for (const route of routes.filter((r) => r.method !== "get")) {
    for (const c of bodyCases()) {
      const caller = route.path === "/api/session" && route.method === "post" ? {} : auth.admin!;
      await check(c.what, { method: route.method.toUpperCase(), path: urlOf(route), headers: { ...json, ...caller }, body: c.body, chunked: c.chunked });
    }
  }
  assert.deepEqual(problems.splice(0), []);
});

test("malformed headers: no route answers 5xx, every 4xx has the error body", { timeout: 120_000 }, async () => {
  for (const route of routes) {
    const method = route.method.toUpperCase();
    for (const c of headerCases) {
      // With a session cookie, so the origin check is reached; the Authorization cases replace it.
      const base = c.headers.authorization || c.headers.cookie ? {} : auth.cookie!;
      await check(c.what, { method, path: urlOf(route), headers: { ...json, ...base, ...c.headers }, body: method === "GET" ? undefined : "{}" });
    }
  }
  assert.deepEqual(problems.splice(0), []);
});

test("malformed parameters: no route answers 5xx, every 4xx has the error body", { timeout: 120_000 }, async () => {
  for (const route of routes) {
    const method = route.method.toUpperCase();
    const body = method === "GET" ? undefined : "{}";
    if (route.path.includes("{")) for (const value of pathValues) await check(`path ${value.slice(0, 20)}`, { method, path: urlOf(route, value), headers: { ...json, ...auth.admin }, body });
    if (method !== "GET") continue;
    for (const query of queries) {
      for (const caller of [auth.admin!, auth.viewer!]) await check(`query ${query.slice(0, 30)}`, { method, path: `${urlOf(route)}?${query}`, headers: caller });
    }
  }
  assert.deepEqual(problems.splice(0), []);
});
