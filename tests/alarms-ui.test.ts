import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { ALARM_CLEAR_AFTER_MS, syncAlarm } from "@/lib/alarms/sync-alarm";
import type { AlarmObservation } from "@/lib/alarms/alarm-observation";
import { systemActor } from "@/lib/auth/actor";
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

  const { alarm } = await syncAlarm(observation("lag"));
  await waitForCount(page, before + 1);
  assert.equal(await page.getByTestId("alarm-badge").getAttribute("data-tone"), "error");
  await page.screenshot({ path: screenshotPath("alarms-topbar") });

  await page.getByTestId("alarm-badge").click();
  await page.waitForURL(/\/alarms$/);
  const row = page.getByTestId("active-alarms").getByTestId(`alarm-${alarm!.id}`);
  await row.waitFor();
  assert.equal(await row.getByTestId("alarm-title").textContent(), `${tag} lag`);
  assert.equal(await row.getByTestId("alarm-severity").textContent(), "error");
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
