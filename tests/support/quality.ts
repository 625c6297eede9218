import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { clusterSpecSchema } from "@/lib/clusters/cluster-spec";
import { localhostPreset } from "@/lib/clusters/presets";
import { db } from "@/lib/db";
import { defaultDetectorConfig } from "@/lib/detector/config";
import { generatedWindows } from "@/lib/generator/generated-windows";
import { generatorOptionsSchema, type GeneratorOptionsInput } from "@/lib/generator/options";
import type { QualityChecksInput } from "@/lib/quality/quality-config";
import { markReference } from "@/lib/quality/reference-marks";
import { createRun } from "@/lib/runs/create-run";
import { writeResults } from "@/lib/consumer/write-results";
import type { WindowResult } from "@/lib/results/schema";

/** A window's length in seconds of detector time: 11,223 orbits of 3,564 bunch crossings of 25 ns. */
export const WINDOW_SECONDS = (11_223 * 3564 * 25) / 1e9;

/**
 * The generated detector of the quality tests: the dataset's shape with a
 * trigger rate of 100 muons/s, so that every chamber collects enough muon hits
 * in 2 windows for its checks to tell a fault from noise (at the default
 * 8/s the same checks need a period several times longer).
 */
export const detectorOptions = (seed: number, extra: GeneratorOptionsInput = {}): GeneratorOptionsInput => ({ seed, muonRateHz: 100, ...extra });

/** The checks the quality tests run: short sliding periods, for detection within 3 windows. */
export const testChecks: QualityChecksInput = { periodWindows: 2, rulePeriodWindows: 2, raiseAfter: 2, clearAfter: 5, channels: { minExpected: 12 } };

/** A cluster row with the localhost preset's configuration, for runs to belong to (no routine runs on it). */
export async function createTestCluster(name: string): Promise<string> {
  const cluster = await db.clusterConfig.create({ data: { name, spec: clusterSpecSchema.parse(localhostPreset().spec) } });
  return cluster.id;
}

/** Stores windows as the results consumer would (the writes only; the checks are the caller's). */
export async function storeWindows(windows: WindowResult[], batch = 50): Promise<void> {
  for (let i = 0; i < windows.length; i += batch) await writeResults({ windows: windows.slice(i, i + batch), unwindowed: [], skipped: 0 });
}

/** A reference run of `seconds` generated with `seed`, stored and marked as the cluster's reference. */
export async function makeReference(clusterId: string, seed: number, seconds: number): Promise<string> {
  const run = await createRun({ name: `reference seed ${seed}`, source: { bucket: "unused", prefix: "" }, clusterId });
  await storeWindows(generatedWindows(defaultDetectorConfig, detectorOptions(seed), seconds, run.id));
  await markReference(run.id, {}, { name: "quality-test" });
  return run.id;
}

/** A local incoming webhook on 127.0.0.1: every POSTed message, in order. */
export async function webhookReceiver(): Promise<{ url: string; received: { text: string }[]; close: () => Promise<void> }> {
  const received: { text: string }[] = [];
  const server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      received.push(JSON.parse(text));
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/quality`, received, close: () => new Promise((r) => server.close(() => r())) };
}

const ORBITS_PER_SECOND = defaultDetectorConfig.orbitsPerWindow / WINDOW_SECONDS;

/**
 * When `check` of `chamber` first turned error in a run whose generated data
 * has a fault from `atSeconds`: in windows after the window holding the
 * fault's start, and in seconds of detector time from the fault to the end of
 * that window. Fails if the check left ok before the fault or never errs.
 */
export async function detectionDelay(runId: string, options: GeneratorOptionsInput, atSeconds: number, check: string, chamber: number) {
  const faultOrbit = generatorOptionsSchema.parse(options).startOrbit + atSeconds * ORBITS_PER_SECOND;
  const faultWindow = Math.floor(faultOrbit / defaultDetectorConfig.orbitsPerWindow);
  const early = await db.qualityResult.findMany({ where: { runId, check, chamber, window: { lt: faultWindow }, flag: { not: "ok" } }, take: 3 });
  assert.deepEqual(early, [], `${check} ok before the fault`);
  const first = await db.qualityResult.findFirst({ where: { runId, check, chamber, flag: "error" }, orderBy: { window: "asc" } });
  assert.ok(first, `${check} of chamber ${chamber} in error`);
  const seconds = ((first.window + 1) * defaultDetectorConfig.orbitsPerWindow - faultOrbit) / ORBITS_PER_SECOND;
  return { window: first.window, windows: first.window - faultWindow, seconds, detail: first.detail };
}
