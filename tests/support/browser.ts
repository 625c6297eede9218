import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { env, repoRoot } from "@/lib/env";

export const artifactsDir = path.join(repoRoot, "test-results");

/** Debian's chromium: Playwright cannot download its own browsers here. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: env.COSMO_CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export function screenshotPath(name: string): string {
  fs.mkdirSync(artifactsDir, { recursive: true });
  return path.join(artifactsDir, `${name}.png`);
}
