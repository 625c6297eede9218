import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import type { Page } from "playwright-core";
import { db } from "@/lib/db";
import { windowResultSchema, type WindowResult } from "@/lib/results/schema";

export type Sums = Awaited<ReturnType<typeof storedSums>>;

/** Sums straight from the stored rows (up to `last`): what a run's page must show. */
export async function storedSums(runId: string, last?: WindowResult) {
  const rows = (await db.runWindow.findMany({ where: { runId }, orderBy: { window: "asc" } })).map((r) => windowResultSchema.parse(r.data));
  const ws = last ? rows.filter((w) => w.window <= last.window) : rows;
  const add = (f: (w: WindowResult) => number) => ws.reduce((n, w) => n + f(w), 0);
  return {
    windows: ws.length,
    totalHits: add((w) => w.totalHits),
    records: add((w) => w.records),
    chambers: [0, 1, 2, 3].map((c) => add((w) => w.hitsPerChamber[c]!)),
    scintHits: [0, 1, 2, 3].map((c) => add((w) => w.occupancyScintillator[c]!.reduce((a, b) => a + b, 0))),
    drift: [0, 1, 2, 3].map((c) => add((w) => w.driftTime.counts[c]!.reduce((a, b) => a + b, 0))),
    unmapped: add((w) => w.dropped.unmappedChannel),
  };
}

export const shownNumber = async (page: Page, testId: string) => Number(((await page.getByTestId(testId).first().textContent()) ?? "").replace(/,/g, ""));

/** Waits until the element shows `expected`, or fails with what it shows. */
export async function shows(page: Page, testId: string, expected: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await shownNumber(page, testId).catch(() => Number.NaN);
    if (value === expected) return;
    if (Date.now() > deadline) assert.equal(value, expected, `${testId} shows ${value}, expected ${expected}`);
    await sleep(100);
  }
}

export async function showsText(page: Page, testId: string, expected: string, timeoutMs = 30_000): Promise<void> {
  const locator = page.getByTestId(testId).first();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = ((await locator.textContent().catch(() => null)) ?? "").trim();
    if (value === expected) return;
    if (Date.now() > deadline) assert.equal(value, expected, `${testId}`);
    await sleep(100);
  }
}

/** Every sum on the page against the stored windows. */
export async function showsSums(page: Page, sums: Sums, timeoutMs = 30_000): Promise<void> {
  await shows(page, "hits-total", sums.totalHits, timeoutMs);
  await shows(page, "records-total", sums.records, timeoutMs);
  await shows(page, "windows-count", sums.windows, timeoutMs);
  for (let c = 0; c < 4; c++) {
    await shows(page, `hits-chamber-${c}`, sums.chambers[c]!, timeoutMs);
    await shows(page, `scint-hits-chamber-${c}`, sums.scintHits[c]!, timeoutMs);
    await shows(page, `drift-chamber-${c}`, sums.drift[c]!, timeoutMs);
  }
  await shows(page, "dropped-unmapped", sums.unmapped, timeoutMs);
}
