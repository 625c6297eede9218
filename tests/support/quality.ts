import { db } from "@/lib/db";
import { defaultDetectorConfig } from "@/lib/detector/config";
import { generatedWindows } from "@/lib/generator/generated-windows";
import type { GeneratorOptionsInput } from "@/lib/generator/options";
import type { QualityChecksInput } from "@/lib/quality/quality-config";
import { markReference } from "@/lib/quality/reference-marks";
import { createRun } from "@/lib/runs/create-run";
import { writeResults } from "@/lib/consumer/write-results";
import type { WindowResult } from "@/lib/results/schema";

/** A window's length in seconds of detector time: 11,223 orbits of 3,564 bunch crossings of 25 ns. */
export const WINDOW_SECONDS = (11_223 * 3564 * 25) / 1e9;

/**
 * The generated detector of the quality tests: the dataset's shape with a
 * trigger rate of 60 muons/s, so that every chamber collects enough muon hits
 * in 2-3 windows for its checks to tell a fault from noise (at the default
 * 8/s the same checks need a period several times longer).
 */
export const detectorOptions = (seed: number, extra: GeneratorOptionsInput = {}): GeneratorOptionsInput => ({ seed, muonRateHz: 60, ...extra });

/** The checks the quality tests run: short sliding periods, for detection within 3 windows. */
export const testChecks: QualityChecksInput = { periodWindows: 3, rulePeriodWindows: 2, raiseAfter: 2, clearAfter: 5, channels: { minExpected: 12 } };

export async function createTestCluster(name: string): Promise<string> {
  const cluster = await db.clusterConfig.create({ data: { name, spec: {} } });
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
