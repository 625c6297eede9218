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

test("pages name the drift-tube icon and the manifest, served from public/ without a login", async () => {
  const html = await (await fetch(`${webUrl()}/health`)).text();
  assert.match(html, /<link rel="manifest" href="\/manifest.webmanifest"/);
  assert.match(html, /<link rel="icon" href="\/icon.svg" type="image\/svg\+xml"/);
  const svg = await fetch(`${webUrl()}/icon.svg`);
  assert.equal(svg.status, 200);
  assert.match(svg.headers.get("content-type") ?? "", /image\/svg\+xml/);
  assert.match(await svg.text(), /drift tubes/);
  const png = Buffer.from(await (await fetch(`${webUrl()}/icon.png`)).arrayBuffer());
  assert.deepEqual([...png.subarray(1, 4)], [...Buffer.from("PNG")]);
  const manifest = (await (await fetch(`${webUrl()}/manifest.webmanifest`)).json()) as { name: string; icons: { src: string }[] };
  assert.equal(manifest.name, "COSMO");
  assert.deepEqual(manifest.icons.map((i) => i.src), ["/icon.svg", "/icon.png"]);
});
