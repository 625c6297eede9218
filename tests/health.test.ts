import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { healthSchema } from "@/lib/health/health-schema";
import { services } from "@/lib/runtime/services";
import { webUrl } from "@/lib/runtime/services/web";
import { launchBrowser, screenshotPath } from "@/tests/support/browser";

const expected = [...services.map((s) => s.name), "web"];
let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

test("GET /api/health lists every service as running with its version", async () => {
  const res = await fetch(`${webUrl()}/api/health`);
  assert.equal(res.status, 200);
  const health = healthSchema.parse(await res.json());
  assert.deepEqual(health.services.map((s) => s.name).sort(), [...expected].sort());
  for (const s of health.services) {
    assert.equal(s.state, "running", `${s.name} is ${s.state}`);
    assert.match(s.version, /\d+\.\d+/, `${s.name} has a version`);
    assert.ok(s.pid && s.pid > 0, `${s.name} has a pid`);
  }
  assert.equal(health.status, "ok");
});

test("the health page shows every service up", async () => {
  const page = await browser.newPage();
  await page.goto(`${webUrl()}/health`);
  await page.getByTestId("overall").filter({ hasText: "ok" }).waitFor({ timeout: 20_000 });
  for (const name of expected) {
    const row = page.getByTestId(`service-${name}`);
    assert.equal((await row.getByTestId("state").textContent())?.trim(), "running", `${name} row`);
    assert.match((await row.getByTestId("version").textContent()) ?? "", /\d+\.\d+/);
  }
  const file = screenshotPath("health");
  await page.screenshot({ path: file, fullPage: true });
  assert.ok(fs.statSync(file).size > 1000);
  await page.close();
});

test("an unknown API path answers 404 in the API's error shape", async () => {
  const res = await fetch(`${webUrl()}/api/no-such-endpoint`);
  assert.equal(res.status, 404);
  assert.deepEqual(await res.json(), { error: { code: "NOT_FOUND", message: "No such API endpoint" } });
});
