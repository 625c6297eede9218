import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { createRun } from "@/lib/runs/create-run";
import { webUrl } from "@/lib/runtime/web-url";
import { api } from "@/tests/support/api";
import { adminPassword, loggedInPage } from "@/tests/support/auth";
import { launchBrowser, screenshotPath } from "@/tests/support/browser";
import { testTag } from "@/tests/support/test-data";

const tag = testTag("authui");
let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await db.user.deleteMany({ where: { username: { startsWith: tag } } });
  await db.apiToken.deleteMany({ where: { name: { startsWith: tag } } });
  await db.$disconnect();
});

test("a page asks for a login first, then comes back; a wrong password is said so", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${webUrl()}/clusters`);
  await page.waitForURL(/\/login\?next=%2Fclusters$/);
  await page.getByTestId("username").fill("admin");
  await page.getByTestId("password").fill("wrong password");
  await page.getByTestId("login").click();
  assert.match((await page.getByTestId("login-error").textContent()) ?? "", /wrong user name or password/);
  await page.screenshot({ path: screenshotPath("login-error") });
  await page.getByTestId("password").fill(adminPassword());
  await page.getByTestId("login").click();
  await page.waitForURL(/\/clusters$/);
  await page.getByTestId("cluster-localhost").waitFor();
  assert.equal((await page.getByTestId("whoami").textContent())?.replace(/\s+/g, " ").trim(), "admin · admin");
  await page.getByTestId("logout").click();
  await page.waitForURL(/\/login/);
  await page.goto(`${webUrl()}/clusters`);
  await page.waitForURL(/\/login/);
  await context.close();
  await db.loginThrottle.deleteMany({});
});

test("after logging in, a next that points off-site (/\\host) lands on this site instead", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${webUrl()}/login?next=/%5C127.0.0.1:3999/pwned`);
  await page.getByTestId("username").fill("admin");
  await page.getByTestId("password").fill(adminPassword());
  await page.getByTestId("login").click();
  await page.waitForURL((url) => url.pathname !== "/login");
  assert.equal(page.url(), `${webUrl()}/`);
  await context.close();
});

test("a token is created, shown once, works, is listed by its prefix, and stops working once revoked in the page", async () => {
  const name = `${tag}-ci`;
  const page = await loggedInPage(browser, { viewport: { width: 1300, height: 900 } });
  await page.goto(`${webUrl()}/settings/tokens`);
  await page.getByTestId("token-name").fill(name);
  await page.getByTestId("token-role").selectOption("operator");
  await page.getByTestId("create-token").click();
  const value = ((await page.getByTestId("token-value").textContent()) ?? "").trim();
  assert.match(value, /^cosmo_/);
  await page.screenshot({ path: screenshotPath("token-created"), fullPage: true });

  const me = await api("GET", "/api/session", undefined, { token: value });
  assert.equal(me.status, 200);
  assert.equal(me.json.actor.name, `admin/${name}`);
  assert.equal(me.json.actor.role, "operator");

  await page.reload();
  const row = page.getByTestId(`token-${name}`);
  await row.waitFor();
  assert.equal(await page.getByTestId("token-value").count(), 0, "not shown again");
  assert.equal((await page.content()).includes(value), false);
  assert.ok(value.startsWith(((await row.getByTestId("prefix").textContent()) ?? "").replace("…", "")));
  assert.equal((await row.getByTestId("state").textContent())?.trim(), "active");

  await row.getByTestId("revoke").click();
  await row.getByTestId("state").filter({ hasText: "revoked" }).waitFor();
  await page.screenshot({ path: screenshotPath("token-revoked"), fullPage: true });
  assert.equal((await api("GET", "/api/session", undefined, { token: value })).status, 401);
  await page.close();
});

test("the users page creates a user, changes their role and disables them; the audit page shows it", async () => {
  const username = `${tag}-ana`;
  const page = await loggedInPage(browser, { viewport: { width: 1300, height: 900 } });
  await page.goto(`${webUrl()}/admin/users`);
  await page.getByTestId("new-username").fill(username);
  await page.getByTestId("new-password").fill(randomBytes(9).toString("hex"));
  await page.getByTestId("new-role").selectOption("viewer");
  await page.getByTestId("create-user").click();
  const row = page.getByTestId(`user-${username}`);
  await row.waitFor();
  await row.getByTestId("role").selectOption("operator");
  await row.getByTestId("state").filter({ hasText: "active" }).waitFor();
  await row.getByTestId("toggle-disabled").click();
  await row.getByTestId("state").filter({ hasText: "disabled" }).waitFor();
  await page.screenshot({ path: screenshotPath("users"), fullPage: true });
  const stored = await db.user.findUniqueOrThrow({ where: { username } });
  assert.deepEqual([stored.role, stored.disabled], ["operator", true]);

  await page.goto(`${webUrl()}/admin/audit?targetType=user&targetId=${stored.id}`);
  await page.getByTestId("audit-event").first().waitFor();
  const actions = await page.getByTestId("audit-event").getByTestId("action").allTextContents();
  assert.deepEqual(actions, ["user.disabled", "user.role-changed", "user.created"]);
  await page.screenshot({ path: screenshotPath("audit"), fullPage: true });
  await page.close();
});

test("a run's page shows who started and halted it", async () => {
  const run = await createRun({ name: `${tag} run`, source: { bucket: env.S3_BUCKET, prefix: `${tag}/` } });
  await db.run.update({ where: { id: run.id }, data: { status: "halted", startedAt: new Date(), endedAt: new Date() } });
  await recordAudit({ actor: { name: "admin/ci" }, action: "run.started", target: { type: "run", id: run.id }, details: { name: run.name } });
  await recordAudit({ actor: { name: "admin" }, action: "run.halted", target: { type: "run", id: run.id }, details: {} });
  const page = await loggedInPage(browser, { viewport: { width: 1300, height: 900 } });
  await page.goto(`${webUrl()}/runs/${run.id}`);
  const activity = page.getByTestId("run-activity");
  await activity.getByTestId("audit-event").nth(1).waitFor();
  const rows = await activity.getByTestId("audit-event").evaluateAll((trs) => trs.map((tr) => [tr.querySelector('[data-testid="actor"]')?.textContent, tr.querySelector('[data-testid="action"]')?.textContent].join(" ")));
  assert.deepEqual(rows, ["admin run.halted", "admin/ci run.started"]);
  await page.screenshot({ path: screenshotPath("run-activity"), fullPage: true });
  await page.close();
  await db.run.delete({ where: { id: run.id } });
});
