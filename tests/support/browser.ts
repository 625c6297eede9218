import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
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

/**
 * What the page's Content-Security-Policy refused, as chromium reports it on
 * the console, from now on: the list fills as the page is used.
 */
export function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(`${page.url()}: ${message.text()}`);
  });
  return seen;
}
