import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { db } from "@/lib/db";
import { defaultDetectorConfig as detector } from "@/lib/detector/config";
import { generatedWindows } from "@/lib/generator/generated-windows";
import { checkStoredWindows } from "@/lib/quality/check-windows";
import { chiSquareSurvival, chiSquareTest, ksTest } from "@/lib/quality/histogram-tests";
import { hysteresisFlag } from "@/lib/quality/hysteresis";
import { qualityChecksSchema } from "@/lib/quality/quality-config";
import { listReferenceMarks, markReference } from "@/lib/quality/reference-marks";
import { createRun } from "@/lib/runs/create-run";
import { migrate } from "@/lib/runtime/migrate";
import { postgres } from "@/lib/runtime/services/postgres";
import { createTestCluster, detectorOptions, makeReference, storeWindows, testChecks } from "@/tests/support/quality";
import { testTag } from "@/tests/support/test-data";

const tag = testTag("quality");
let clusterId = "";
let referenceId = "";

before(async () => {
  await postgres.start(() => {});
  await migrate();
  clusterId = await createTestCluster(tag);
  referenceId = await makeReference(clusterId, 101, 300);
});

after(async () => {
  await db.clusterConfig.deleteMany({ where: { name: tag } });
  await db.$disconnect();
});

test("χ² and KS p-values: known values, same shapes pass, different shapes fail", () => {
  assert.ok(Math.abs(chiSquareSurvival(3.841, 1) - 0.05) < 1e-3);
  assert.ok(Math.abs(chiSquareSurvival(18.307, 10) - 0.05) < 1e-3);
  const flat = Array.from({ length: 40 }, () => 1000);
  const flatHalf = Array.from({ length: 40 }, () => 500);
  assert.equal(chiSquareTest(flatHalf, flat).pValue, 1);
  assert.ok(ksTest(flatHalf, flat).pValue > 0.99);
  const slope = Array.from({ length: 40 }, (_, i) => 300 + 10 * i);
  assert.ok(chiSquareTest(slope, flat).pValue < 1e-9);
  assert.ok(ksTest(slope, flat).pValue < 1e-6);
});

test("hysteresis: a flag rises after raiseAfter evaluations at a level and falls after clearAfter below it", () => {
  assert.equal(hysteresisFlag(["error"], null, 2, 3), "ok", "one bad evaluation is noise");
  assert.equal(hysteresisFlag(["error", "error"], "ok", 2, 3), "error");
  assert.equal(hysteresisFlag(["warning", "error"], "ok", 2, 3), "warning");
  assert.equal(hysteresisFlag(["error", "error", "ok"], "error", 2, 3), "error", "stays until clearAfter good ones");
  assert.equal(hysteresisFlag(["ok", "warning", "ok"], "error", 2, 3), "warning", "falls to the highest of the last clearAfter");
  assert.equal(hysteresisFlag(["ok", "ok", "ok"], "error", 2, 3), "ok");
});

test("the checks configuration reports each bad field with its path and what it expects", () => {
  const parsed = qualityChecksSchema.safeParse({ periodWindows: 0, comparisons: { warningP: 2 }, hitRateRatio: { error: { min: "x" } } });
  assert.equal(parsed.success, false);
  const fields = parsed.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  assert.ok(fields.some((f) => f.startsWith("periodWindows: Too small: expected number to be >=1")), fields.join("\n"));
  assert.ok(fields.some((f) => f.startsWith("comparisons.warningP: Too big")), fields.join("\n"));
  assert.ok(fields.some((f) => f.startsWith("hitRateRatio.error.min: Invalid input: expected number")), fields.join("\n"));
});

test("marking a reference keeps the history; a new run freezes the one in force and its checks", async () => {
  const marks = await listReferenceMarks(tag);
  assert.equal(marks[0]!.runId, referenceId);
  assert.equal(marks[0]!.inForce, true);
  assert.ok(marks[0]!.windows >= 300);
  const first = (await db.runWindow.aggregate({ where: { runId: referenceId }, _min: { window: true } }))._min.window!;
  const ranged = await markReference(referenceId, { fromWindow: first + 10, toWindow: first + 19 }, { name: "quality-test" });
  assert.equal(ranged.windows, 10);
  await assert.rejects(markReference(referenceId, { fromWindow: 5, toWindow: 4 }, { name: "quality-test" }), /toWindow/);
  const run = await createRun({ name: "frozen", source: { bucket: "unused", prefix: "" }, clusterId, quality: { periodWindows: 30 } });
  assert.deepEqual(run.reference, { runId: referenceId, fromWindow: first + 10, toWindow: first + 19 });
  assert.equal((run.qualityChecks as { periodWindows: number }).periodWindows, 30);
  assert.equal((run.qualityChecks as { raiseAfter: number }).raiseAfter, 2, "defaults filled in");
  // back to the whole run as the reference for the tests below; the history keeps all three
  await markReference(referenceId, {}, { name: "quality-test" });
  assert.deepEqual((await listReferenceMarks(tag)).map((m) => [m.fromWindow, m.toWindow, m.inForce]), [
    [null, null, true],
    [first + 10, first + 19, false],
    [null, null, false],
  ]);
});

test("10 minutes of clean detector data against a reference of another seed: no check leaves ok", async () => {
  const run = await createRun({ name: "clean", source: { bucket: "unused", prefix: "" }, clusterId, quality: testChecks });
  const windows = generatedWindows(detector, detectorOptions(202), 600, run.id);
  for (let i = 0; i < windows.length; i += 10) {
    const batch = windows.slice(i, i + 10);
    await storeWindows(batch);
    await checkStoredWindows(batch);
  }
  const results = await db.qualityResult.count({ where: { runId: run.id } });
  const falseAlarms = await db.qualityResult.findMany({ where: { runId: run.id, flag: { not: "ok" } }, select: { window: true, check: true, chamber: true, flag: true, detail: true }, take: 20 });
  const raw = await db.qualityResult.groupBy({ by: ["check"], where: { runId: run.id, level: { not: "ok" } }, _count: true });
  const rawNotOk = raw.map((r) => `${r.check} ${r._count}`).join(", ") || "none";
  const alarms = await db.alarm.count({ where: { runId: run.id } });
  console.log(`false alarms: ${falseAlarms.length} flags not ok (of ${results} window-check results over ${windows.length} windows), ${alarms} alarms; single evaluations not ok before hysteresis: ${rawNotOk}`);
  assert.ok(results >= windows.length * 40, `${results} results stored`);
  assert.deepEqual(falseAlarms, []);
  assert.equal(alarms, 0);
  assert.equal((await db.run.findUniqueOrThrow({ where: { id: run.id } })).worstFlag, "ok");

  // A replay (a restarted consumer re-reading a batch) checks the windows again to the same rows.
  const replay = windows.slice(300, 310);
  const rowsOf = () =>
    db.qualityResult.findMany({
      where: { runId: run.id, window: { gte: replay[0]!.window, lte: replay.at(-1)!.window } },
      orderBy: [{ window: "asc" }, { check: "asc" }, { chamber: "asc" }],
      select: { window: true, check: true, chamber: true, level: true, flag: true, value: true, detail: true },
    });
  const before = await rowsOf();
  assert.equal(await checkStoredWindows(replay), replay.length);
  assert.deepEqual(await rowsOf(), before);
});
