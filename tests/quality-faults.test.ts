import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { localhostPreset } from "@/lib/clusters/presets";
import { db } from "@/lib/db";
import { defaultDetectorConfig as detector } from "@/lib/detector/config";
import type { GeneratorFault } from "@/lib/generator/faults";
import { generatedWindows } from "@/lib/generator/generated-windows";
import { qualityAlarmKey } from "@/lib/quality/quality-alarms";
import { createRun } from "@/lib/runs/create-run";
import { api } from "@/tests/support/api";
import { newToken } from "@/tests/support/auth";
import { cosmo } from "@/tests/support/cli";
import { createTestCluster, detectionDelay, detectorOptions, makeReference, testChecks, webhookReceiver } from "@/tests/support/quality";
import { ResultsPipeline, until } from "@/tests/support/results-pipeline";
import { testTag } from "@/tests/support/test-data";
import { launchBrowser, screenshotPath } from "@/tests/support/browser";
import { loggedInPage } from "@/tests/support/auth";
import { webUrl } from "@/lib/runtime/web-url";

const tag = testTag("quality-faults");
const SECONDS = 30;
const AT = 15;

let pipeline: ResultsPipeline;
let clusterId = "";
let referenceId = "";
let hook: Awaited<ReturnType<typeof webhookReceiver>>;
/** The runs of the faults, by kind, for the run page's test. */
const faultRuns = new Map<string, string>();

before(async () => {
  pipeline = await ResultsPipeline.start(tag);
  clusterId = await createTestCluster(tag);
  referenceId = await makeReference(clusterId, 101, 240);
  hook = await webhookReceiver();
  assert.equal((await api("POST", "/api/webhooks", { name: tag, url: hook.url })).status, 201);
});

after(async () => {
  await api("DELETE", `/api/webhooks/${tag}`);
  await hook.close();
  await pipeline.stop();
  await db.alarm.deleteMany({ where: { run: { clusterId } } });
  await db.clusterConfig.deleteMany({ where: { name: tag } });
  await db.$disconnect();
});

type FaultAt<F> = F extends GeneratorFault ? Omit<F, "atSeconds"> : never;

/**
 * Each fault starts AT seconds into SECONDS of generated detector data, sent
 * through Kafka to the results consumer, which stores the windows and runs the
 * checks; the check named must be in error within 3 windows of the window
 * holding the fault's start, and its alarm must reach the webhook.
 */
const faults: { name: string; fault: FaultAt<GeneratorFault>; check: string; chamber: number; seed: number }[] = [
  { name: "a channel dying", fault: { kind: "dead-channel", fpga: 0, channel: 66 }, check: "dead-channels", chamber: 1, seed: 301 },
  { name: "a chamber's efficiency dropping by 80 %", fault: { kind: "efficiency-drop", chamber: 1, share: 0.8 }, check: "hit-rate", chamber: 1, seed: 302 },
  { name: "a noisy channel", fault: { kind: "noisy-channel", fpga: 1, channel: 10, rateHz: 200 }, check: "noisy-channels", chamber: 2, seed: 303 },
  { name: "a t0 shift of 50 ns", fault: { kind: "t0-shift", chamber: 3, ns: 50 }, check: "t0", chamber: 3, seed: 304 },
  { name: "the muon rate tripling", fault: { kind: "muon-rate", rateHz: 300 }, check: "scintillator-rate", chamber: -1, seed: 305 },
];

for (const { name, fault, check, chamber, seed } of faults) {
  test(`${name}: ${check} turns error within 3 windows and its alarm reaches the webhook`, async () => {
    const run = await createRun({ name: `${tag} ${fault.kind}`, source: { bucket: "unused", prefix: "" }, clusterId, quality: testChecks });
    faultRuns.set(fault.kind, run.id);
    const options = detectorOptions(seed, { faults: [{ ...fault, atSeconds: AT } as GeneratorFault] });
    const windows = generatedWindows(detector, options, SECONDS, run.id);
    await pipeline.store(run.id, windows, windows.length);
    const last = windows[windows.length - 1]!.window;
    await until(`the checks of window ${last}`, async () => (await db.qualityResult.count({ where: { runId: run.id, window: last } })) > 0, 300_000, () => pipeline.consumerOutput().slice(-2000));

    const delay = await detectionDelay(run.id, options, AT, check, chamber);
    console.log(`fault ${fault.kind}: ${check} (chamber ${chamber}) error ${delay.windows} window(s) after the fault's window, ${delay.seconds.toFixed(2)} s of detector time after the fault (${delay.detail})`);
    assert.ok(delay.windows <= 3, `error ${delay.windows} windows after the fault`);

    const summary = await api("GET", `/api/runs/${run.id}`);
    assert.equal(summary.json.worstFlag, "error");
    assert.deepEqual(summary.json.reference, { runId: referenceId, fromWindow: null, toWindow: null });
    const quality = await api("GET", `/api/runs/${run.id}/quality?from=${delay.window}&to=${delay.window}`);
    assert.equal(quality.status, 200);
    assert.equal(quality.json.windows[0].chambers[String(chamber)], "error");
    assert.ok(quality.json.windows[0].problems.some((p: { check: string; flag: string }) => p.check === check && p.flag === "error"));

    const title = `Quality: ${check} of ${chamber === -1 ? "the detector" : `chamber ${chamber}`} in error`;
    await until(`the alarm "${title}" at the webhook`, async () => hook.received.some((r) => r.text.includes(title) && r.text.includes(run.name) && r.text.includes("raised")), 180_000);
    assert.equal(await db.alarm.count({ where: { runId: run.id, source: "quality", kind: check, state: "active" } }), 1);
  });
}

test("a cluster's quality checks are validated field by field: each bad one answers with its path and what it expects", async () => {
  const spec = { ...localhostPreset().spec, quality: { periodWindows: 0, comparisons: { errorP: 0 }, hitRateRatio: { error: { min: "low" } } } };
  const res = await api("POST", "/api/clusters", { name: `${tag}-bad`, spec });
  assert.equal(res.status, 400);
  const fields = new Map<string, string>(res.json.error.fields.map((f: { path: string; message: string }) => [f.path, f.message]));
  assert.match(fields.get("spec.quality.periodWindows") ?? "", /expected number to be >=1/);
  assert.match(fields.get("spec.quality.comparisons.errorP") ?? "", /expected number to be >0/);
  assert.match(fields.get("spec.quality.hitRateRatio.error.min") ?? "", /expected number/);
  const good = await api("POST", "/api/clusters", { name: `${tag}-good`, spec: { ...localhostPreset().spec, quality: { periodWindows: 30 } } });
  assert.equal(good.status, 201);
  assert.equal(good.json.spec.quality.periodWindows, 30);
  assert.equal(good.json.spec.quality.raiseAfter, 2, "the rest defaults");
  await api("DELETE", `/api/clusters/${tag}-good`);
});

test("cosmo runs shows each run's worst flag; cosmo reference marks a window range and cosmo references lists the history", async () => {
  const token = { COSMO_TOKEN: (await newToken("operator")).value };
  const runId = faultRuns.get("muon-rate")!;
  const runs = await cosmo(["runs", "--cluster", tag], token);
  assert.equal(runs.code, 0, runs.stderr);
  const header = runs.stdout.split("\n")[0]!;
  assert.match(header, /QUALITY/);
  const line = runs.stdout.split("\n").find((l) => l.startsWith(runId))!;
  assert.equal(line.split(/\s+/)[3], "error", line);

  const first = (await db.runWindow.aggregate({ where: { runId }, _min: { window: true } }))._min.window!;
  const marked = await cosmo(["reference", runId, "--from", String(first + 2), "--to", String(first + 11)], token);
  assert.equal(marked.code, 0, marked.stderr);
  assert.match(marked.stdout, new RegExp(`run ${runId} .*windows ${first + 2}-${first + 11}, 10 windows\\) is now the reference of its cluster`));
  const listed = await cosmo(["references", "--cluster", tag, "--json"], token);
  const marks = JSON.parse(listed.stdout) as { runId: string; inForce: boolean; markedBy: string }[];
  assert.deepEqual([marks[0]!.runId, marks[0]!.inForce, marks[1]!.inForce], [runId, true, false]);
  assert.match(marks[0]!.markedBy, /operator/);
  assert.equal((await cosmo(["reference", runId, "--from", "x"], token)).code, 2, "bad usage");
  assert.equal((await cosmo(["reference", runId], { COSMO_TOKEN: (await newToken("viewer")).value })).code, 4, "viewers may not");
});

test("the run page shows the quality strip red from the fault on, the worst flag, and marks a run as the reference", async () => {
  const runId = faultRuns.get("t0-shift")!;
  const browser = await launchBrowser();
  try {
    const page = await loggedInPage(browser, { viewport: { width: 1300, height: 1000 } });
    await page.goto(`${webUrl()}/runs/${runId}`);
    await page.getByTestId("quality-strip").waitFor();
    assert.equal(await page.getByTestId("run-quality").textContent(), "quality error");
    const flags = await page.locator('[data-testid="quality-strip"] rect[data-chamber="3"]').evaluateAll((rects) => rects.map((r) => [Number(r.getAttribute("data-window")), r.getAttribute("data-flag")] as const));
    const firstError = flags.find(([, f]) => f === "error")![0];
    assert.ok(flags.filter(([w]) => w < firstError - 3).every(([, f]) => f === "ok"), "green well before the fault");
    assert.ok(flags.filter(([w]) => w >= firstError).every(([, f]) => f === "error"), "red from the fault on");
    assert.match((await page.getByTestId("quality-problems").textContent()) ?? "", /chamber 3 t0: error/);
    await page.screenshot({ path: screenshotPath("quality-strip"), fullPage: true });

    await page.getByTestId("reference-from").fill(String(firstError - 10));
    await page.getByTestId("reference-to").fill(String(firstError - 5));
    await page.getByTestId("mark-reference-button").click();
    await page.getByTestId("reference-marked").waitFor();
    const [mark] = (await api("GET", `/api/clusters/${tag}/references`)).json.references;
    assert.deepEqual([mark.runId, mark.fromWindow, mark.toWindow, mark.windows, mark.inForce], [runId, firstError - 10, firstError - 5, 6, true]);

    await page.goto(`${webUrl()}/runs`);
    await page.getByTestId(`run-row-${runId}`).getByTestId("run-quality").waitFor();
    assert.equal(await page.getByTestId(`run-row-${runId}`).getByTestId("run-quality").textContent(), "quality error");

    // The shifter acknowledges the check's alarm on /alarms; the acknowledgement is stored with who did it.
    const alarm = await db.alarm.findFirstOrThrow({ where: { key: qualityAlarmKey(runId, "t0", 3), state: "active" } });
    await page.goto(`${webUrl()}/alarms`);
    const row = page.getByTestId("active-alarms").getByTestId(`alarm-${alarm.id}`);
    await row.getByTestId("acknowledge").click();
    await row.getByTestId("alarm-acknowledged").filter({ hasText: "by admin" }).waitFor();
    await page.screenshot({ path: screenshotPath("quality-alarm-acknowledged"), fullPage: true });
    assert.equal((await db.alarm.findUniqueOrThrow({ where: { id: alarm.id } })).acknowledgedBy, "admin");
  } finally {
    await browser.close();
  }
});
