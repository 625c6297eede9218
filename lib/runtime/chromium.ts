import { chromium, type Browser } from "playwright-core";
import { env } from "@/lib/env";

/** Debian's chromium, headless: Playwright cannot download its own browsers here. For the tests and the benches. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: env.COSMO_CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
