import fs from "node:fs";
import { randomBytes } from "node:crypto";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import type { Role } from "@/lib/auth/roles";
import { webUrl } from "@/lib/runtime/web-url";
import { createToken } from "@/lib/tokens/create-token";
import { adminPasswordFile, FIRST_ADMIN } from "@/lib/users/ensure-admin";
import { getActorOrThrow } from "@/lib/users/get-user-or-throw";

/** The password `cosmo up` generated for the test stack's first admin. */
export const adminPassword = () => fs.readFileSync(adminPasswordFile(), "utf8").trim();

/** A fresh API token of `username` (the first admin by default) with `role`: its value and the name runs record. */
export async function newToken(role: Role = "admin", username = FIRST_ADMIN, name = `test-${role}-${randomBytes(3).toString("hex")}`): Promise<{ value: string; id: string; actorName: string }> {
  const { token, value } = await createToken({ name, role, expiresInDays: 1 }, await getActorOrThrow(username));
  return { value, id: token.id, actorName: `${username}/${name}` };
}

let adminToken: Promise<{ value: string; actorName: string }> | undefined;

/** One admin token per test process, for the tests that are about something else than access. */
export const testAdminToken = () => (adminToken ??= newToken("admin"));

/** The Authorization header of the test admin's token, for tests that call the API with fetch or http. */
export const authHeader = async () => ({ authorization: `Bearer ${(await testAdminToken()).value}` });

/** Logs a user in through the API and answers with the Cookie header of their session. */
export async function sessionCookie(username = FIRST_ADMIN, password = adminPassword()): Promise<string> {
  const res = await fetch(`${webUrl()}/api/session`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login of ${username} answered ${res.status}: ${await res.text()}`);
  return res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
}

/** A page of a new browser context logged in as `username` (the first admin by default). */
export async function loggedInPage(browser: Browser, options: BrowserContextOptions = {}, username = FIRST_ADMIN, password = adminPassword()): Promise<Page> {
  const context = await browser.newContext(options);
  const res = await context.request.post(`${webUrl()}/api/session`, { data: { username, password } });
  if (res.status() !== 200) throw new Error(`login of ${username} answered ${res.status()}: ${await res.text()}`);
  const page = await context.newPage();
  // Closing the page closes its context, as browser.newPage() did.
  page.on("close", () => void context.close().catch(() => {}));
  return page;
}
