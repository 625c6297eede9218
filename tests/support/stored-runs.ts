import fs from "node:fs";
import type { Page } from "playwright-core";
import { writeResults } from "@/lib/consumer/write-results";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { WindowResult } from "@/lib/results/schema";
import { createRun } from "@/lib/runs/create-run";

export interface StoredRun {
  id: string;
  windows: WindowResult[];
}

const runPrefix = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-");

/** A run of `clusterId` in `status`, its windows stored by the results consumer's own write (upserted, the run's totals moved). */
export async function storedRun(name: string, clusterId: string, status: "completed" | "running", windows: (runId: string) => WindowResult[]): Promise<StoredRun> {
  const run = await createRun({ name, clusterId, source: { bucket: env.S3_BUCKET, prefix: `test-stored/${runPrefix(name)}/` } });
  await db.run.update({ where: { id: run.id }, data: { status, startedBy: "ada", startedAt: new Date(), endedAt: status === "completed" ? new Date() : null } });
  const ws = windows(run.id);
  await writeResults({ windows: ws, unwindowed: [], skipped: 0 });
  return { id: run.id, windows: ws };
}

/** Clicks what downloads a file (a chart's export, a link) and answers the file's name, text and size. */
export async function downloaded(page: Page, testId: string): Promise<{ name: string; text: string; bytes: number }> {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), page.getByTestId(testId).click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: fs.readFileSync(file, "utf8"), bytes: fs.statSync(file).size };
}
