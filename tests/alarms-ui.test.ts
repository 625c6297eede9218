import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { ALARM_CLEAR_AFTER_MS, syncAlarm } from "@/lib/alarms/sync-alarm";
import type { AlarmObservation } from "@/lib/alarms/alarm-observation";
import { systemActor } from "@/lib/auth/actor";
import { getClusterOrThrow } from "@/lib/clusters/get-cluster-or-throw";
import { db } from "@/lib/db";
import { webUrl } from "@/lib/runtime/web-url";
import { createUser } from "@/lib/users/create-user";
import { loggedInPage } from "@/tests/support/auth";
import { launchBrowser, screenshotPath } from "@/tests/support/browser";
import { testTag } from "@/tests/support/test-data";

const tag = testTag("alarmsui");
let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await db.alarm.deleteMany({ where: { source: tag } });
  await db.user.deleteMany({ where: { username: { startsWith: tag } } });
  for (const w of await db.webhook.findMany({ where: { name: { startsWith: tag } } })) {
    await db.webhook.delete({ where: { id: w.id } });
    await db.secret.delete({ where: { id: w.secretId } });
  }
  await db.$disconnect();
});

const observation = (suffix: string, active = true): AlarmObservation => ({
  key: `${tag}:${suffix}`,
  source: tag,
  kind: "test-condition",
  severity: "error",
  title: `${tag} ${suffix}`,
  detail: "Kafka lag growing for 30 s",
  active,
});

/** The count in the top bar, once it has loaded. */
async function badgeCount(page: Page): Promise<number> {
  const count = page.getByTestId("alarm-count");
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid="alarm-count"]')?.textContent ?? ""));
  return Number(await count.textContent());
}

/** The bound: the top bar follows a raise or a clear within 5 s. */
const waitForCount = (page: Page, n: number) =>
  page.waitForFunction((want) => document.querySelector('[data-testid="alarm-count"]')?.textContent === want, String(n), { timeout: 5_000 });

test("the top bar counts a raised alarm within 5 s on any page; /alarms lists it, an operator acknowledges it, and it moves to the history once cleared", async () => {
  const page = await loggedInPage(browser, { viewport: { width: 1300, height: 900 } });
  await page.goto(`${webUrl()}/runs`);
  const before = await badgeCount(page);

  const cluster = await getClusterOrThrow("localhost");
  const { alarm } = await syncAlarm({ ...observation("lag"), clusterId: cluster.id });
  await waitForCount(page, before + 1);
  assert.equal(await page.getByTestId("alarm-badge").getAttribute("data-tone"), "error");
  await page.screenshot({ path: screenshotPath("alarms-topbar") });

  await page.getByTestId("alarm-badge").click();
  await page.waitForURL(/\/alarms$/);
  const row = page.getByTestId("active-alarms").getByTestId(`alarm-${alarm!.id}`);
  await row.waitFor();
  assert.equal(await row.getByTestId("alarm-title").textContent(), `${tag} lag`);
  assert.equal(await row.getByTestId("alarm-severity").textContent(), "error");
  assert.equal(await row.getByTestId("alarm-cluster").getAttribute("href"), "/clusters/localhost");
  await row.getByTestId("acknowledge").click();
  await row.getByTestId("alarm-acknowledged").filter({ hasText: "by admin" }).waitFor();
  await page.screenshot({ path: screenshotPath("alarms-acknowledged"), fullPage: true });
  const stored = await db.alarm.findUniqueOrThrow({ where: { id: alarm!.id } });
  assert.equal(stored.acknowledgedBy, "admin");

  const t = Date.now();
  await syncAlarm(observation("lag", false), { now: new Date(t) });
  const cleared = await syncAlarm(observation("lag", false), { now: new Date(t + ALARM_CLEAR_AFTER_MS) });
  assert.equal(cleared.transition, "cleared");
  await waitForCount(page, before);
  await page.getByTestId("alarm-history").getByTestId(`alarm-${alarm!.id}`).waitFor();
  assert.equal(await page.getByTestId("active-alarms").getByTestId(`alarm-${alarm!.id}`).count(), 0);
  await page.screenshot({ path: screenshotPath("alarms-history"), fullPage: true });
  await page.close();
});

test("a viewer sees the alarms but no Acknowledge button", async () => {
  const username = `${tag}-viewer`;
  const password = randomBytes(9).toString("hex");
  await createUser({ username, password, role: "viewer" }, systemActor);
  const { alarm } = await syncAlarm(observation("viewer"));
  const page = await loggedInPage(browser, { viewport: { width: 1300, height: 900 } }, username, password);
  await page.goto(`${webUrl()}/alarms`);
  const row = page.getByTestId(`alarm-${alarm!.id}`);
  await row.waitFor();
  assert.equal((await row.getByTestId("alarm-acknowledged").textContent())?.trim(), "not yet");
  assert.equal(await row.getByTestId("acknowledge").count(), 0);
  await page.close();
});

test("an admin adds a webhook in its page, which shows only its host and each delivery", async () => {
  const server = http.createServer((req, res) => void req.resume().on("end", () => res.writeHead(200).end("ok")));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/${tag}-secret-path`;
  const name = `${tag}-chat`;
  const page = await loggedInPage(browser, { viewport: { width: 1300, height: 900 } });
  await page.goto(`${webUrl()}/admin/webhooks`);
  await page.getByTestId("webhook-name").fill(name);
  await page.getByTestId("webhook-url").fill(url);
  await page.getByTestId("create-webhook").click();
  const row = page.getByTestId(`webhook-${name}`);
  await row.waitFor();
  assert.equal(await row.getByTestId("webhook-host").textContent(), new URL(url).host);

  await syncAlarm(observation("chat"));
  await row.getByTestId("show-deliveries").click();
  await page.getByTestId(`deliveries-${name}`).getByTestId("delivery-outcome").filter({ hasText: "HTTP 200" }).first().waitFor({ timeout: 60_000 });
  assert.equal((await page.content()).includes("secret-path"), false, "the URL is never in the page");
  await page.screenshot({ path: screenshotPath("webhooks"), fullPage: true });
  await row.getByTestId("delete-webhook").click();
  await row.waitFor({ state: "detached" });
  await page.close();
  await new Promise((r) => server.close(r));
});
