import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { webUrl } from "@/lib/runtime/services/web";
import { api } from "@/tests/support/api";
import { loggedInPage } from "@/tests/support/auth";
import { launchBrowser, screenshotPath } from "@/tests/support/browser";
import { testTag } from "@/tests/support/test-data";

const tag = testTag("clustersui");
let browser: Browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await db.clusterConfig.deleteMany({ where: { name: { startsWith: tag } } });
  await db.user.deleteMany({ where: { username: { startsWith: tag } } });
  await db.$disconnect();
});

test("a cluster is created through the form: a bad port is shown at its field, fixed, and the cluster is listed", async () => {
  const name = `${tag}-lab`;
  const page = await loggedInPage(browser, { viewport: { width: 1400, height: 1000 } });
  await page.goto(`${webUrl()}/clusters`);
  await page.getByTestId("cluster-localhost").waitFor();
  assert.equal((await page.getByTestId("cluster-localhost").getByTestId("state").textContent())?.trim(), "down");
  await page.screenshot({ path: screenshotPath("clusters-list"), fullPage: true });

  await page.getByTestId("preset").selectOption("localhost");
  await page.getByTestId("new-cluster").click();
  await page.waitForURL(/\/clusters\/new\?preset=localhost$/);
  await page.getByTestId("field-name").fill(name);
  const kafkaPort = page.getByTestId("field-spec.hosts.0.ports.kafka");
  await kafkaPort.fill("70000");
  await page.getByTestId("save").click();

  const portError = page.getByTestId("error-spec.hosts.0.ports.kafka");
  await portError.waitFor();
  assert.match((await portError.textContent()) ?? "", /65535/);
  assert.match((await page.getByTestId("form-error").textContent()) ?? "", /1 problem/);
  await page.screenshot({ path: screenshotPath("clusters-form-error"), fullPage: true });
  assert.equal(await db.clusterConfig.count({ where: { name } }), 0, "nothing stored while invalid");

  await kafkaPort.fill("19092");
  await page.getByTestId("save").click();
  await page.waitForURL(/\/clusters$/);
  const row = page.getByTestId(`cluster-${name}`);
  await row.waitFor();
  assert.equal((await row.getByTestId("state").textContent())?.trim(), "down");
  await page.screenshot({ path: screenshotPath("clusters-created"), fullPage: true });

  const stored = await db.clusterConfig.findUniqueOrThrow({ where: { name } });
  assert.equal((stored.spec as { hosts: { ports: { kafka: number } }[] }).hosts[0]!.ports.kafka, 19092);
  await page.close();
});

test("a cluster is edited, duplicated and deleted from the pages", async () => {
  const name = `${tag}-lab`;
  const copy = `${tag}-copy`;
  const page = await loggedInPage(browser, { viewport: { width: 1400, height: 1000 } });
  await page.goto(`${webUrl()}/clusters/${name}/edit`);
  await page.getByTestId("field-description").fill("bench machine");
  await page.getByTestId("field-spec.kafka.partitions").fill("3");
  await page.getByTestId("save").click();
  await page.waitForURL(/\/clusters$/);
  await page.getByTestId(`cluster-${name}`).getByText("bench machine").waitFor();
  const stored = await db.clusterConfig.findUniqueOrThrow({ where: { name } });
  assert.equal((stored.spec as { kafka: { partitions: number } }).kafka.partitions, 3);

  const row = page.getByTestId(`cluster-${name}`);
  await row.getByTestId("duplicate").click();
  await row.getByTestId("copy-name").fill(copy);
  await row.getByTestId("copy-confirm").click();
  await page.getByTestId(`cluster-${copy}`).waitFor();
  assert.equal((await db.clusterConfig.findUniqueOrThrow({ where: { name: copy } })).description, "bench machine");

  const copyRow = page.getByTestId(`cluster-${copy}`);
  await copyRow.getByTestId("delete").click();
  await copyRow.getByTestId("delete-confirm").click();
  await copyRow.waitFor({ state: "detached" });
  assert.equal(await db.clusterConfig.count({ where: { name: copy } }), 0);
  await page.screenshot({ path: screenshotPath("clusters-after-delete"), fullPage: true });
  await page.close();
});

test("an operator's editor shows the hosts, secrets and endpoint read-only and the rest editable", async () => {
  const username = `${tag}-op`;
  const password = `pw-${randomBytes(12).toString("hex")}`;
  assert.equal((await api("POST", "/api/users", { username, password, role: "operator" })).status, 201);
  const name = `${tag}-shift`;
  assert.equal((await api("POST", "/api/clusters/localhost/duplicate", { name })).status, 201);
  const page = await loggedInPage(browser, { viewport: { width: 1400, height: 1000 } }, username, password);
  await page.goto(`${webUrl()}/clusters/${name}/edit`);
  await page.getByTestId("hosts-locked").waitFor();
  for (const field of ["spec.hosts.0.address", "spec.hosts.0.cosmoPath", "spec.hosts.0.homePath", "spec.hosts.0.ports.kafka", "spec.buffer.s3Endpoint", "spec.buffer.credentialsSecret"]) {
    assert.equal(await page.getByTestId(`field-${field}`).isEditable(), false, field);
  }
  assert.equal(await page.getByTestId("field-spec.hosts.0.local").isDisabled(), true);
  assert.equal(await page.getByTestId("add-host").count(), 0);
  for (const field of ["spec.kafka.partitions", "spec.spark.executorMemory", "spec.buffer.bucket", "spec.buffer.rate", "description"]) {
    assert.equal(await page.getByTestId(`field-${field}`).isEditable(), true, field);
  }
  await page.getByTestId("field-spec.buffer.rate").fill("1500");
  await page.getByTestId("save").click();
  await page.waitForURL(/\/clusters$/);
  const stored = await db.clusterConfig.findUniqueOrThrow({ where: { name } });
  assert.equal((stored.spec as { buffer: { rate: number } }).buffer.rate, 1500, "saved: the unchanged admin-only fields pass");
  await page.screenshot({ path: screenshotPath("clusters-operator-edit"), fullPage: true });
  await page.close();
});
