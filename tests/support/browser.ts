import fs from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { repoRoot } from "@/lib/env";
import { launchChromium } from "@/lib/runtime/chromium";

export const artifactsDir = path.join(repoRoot, "test-results");

/** Debian's chromium: Playwright cannot download its own browsers here. */
export function launchBrowser(): Promise<Browser> {
  return launchChromium();
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, `${name}.png`);
}
