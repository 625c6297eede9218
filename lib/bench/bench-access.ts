import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { webUrl } from "@/lib/runtime/services/web";
import { createToken } from "@/lib/tokens/create-token";
import { adminPasswordFile, FIRST_ADMIN } from "@/lib/users/ensure-admin";
import { getActorOrThrow } from "@/lib/users/get-user-or-throw";

/** The bench's stack is a stack like any other: its viewers need a token, its browser a login. */
export async function benchAuthHeader(): Promise<{ authorization: string }> {
  const { value } = await createToken({ name: `bench-${Date.now().toString(36)}`, role: "viewer", expiresInDays: 1 }, await getActorOrThrow(FIRST_ADMIN));
  return { authorization: `Bearer ${value}` };
}

/** A run's page in a new browser context, logged in as the stack's first admin (the password `cosmo up` generated). */
export async function openRunPage(browser: Browser, runId: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const password = fs.readFileSync(adminPasswordFile(), "utf8").trim();
  const res = await context.request.post(`${webUrl()}/api/session`, { data: { username: FIRST_ADMIN, password } });
  if (!res.ok()) throw new Error(`the bench could not log in: HTTP ${res.status()}`);
  const page = await context.newPage();
  await page.goto(`${webUrl()}/runs/${runId}`);
  return page;
}
