import fs from "node:fs";
import { childEnv, env } from "@/lib/env";
import { CosmoError } from "@/lib/errors";
import { run } from "@/lib/runtime/process";
import type { Progress } from "@/lib/runtime/service";

/** Debian packages the tests need: sshd for remote routines, ip for their hosts' network, chromium for Playwright. */
const needed = [
  { file: "/usr/sbin/sshd", pkg: "openssh-server" },
  { file: "/usr/sbin/ip", pkg: "iproute2" },
  { file: env.COSMO_CHROMIUM, pkg: "chromium" },
];

export async function ensureTestPrerequisites(progress: Progress): Promise<void> {
  const missing = needed.filter((n) => !fs.existsSync(n.file));
  if (missing.length === 0) return;
  const pkgs = missing.map((m) => m.pkg);
  if (process.getuid?.() !== 0) {
    throw new CosmoError("PREREQUISITE_MISSING", `the tests need ${pkgs.join(", ")}: sudo apt-get install -y ${pkgs.join(" ")}`);
  }
  progress(`installing ${pkgs.join(", ")} from Debian (apt-get)`);
  await run("apt-get", ["update", "-qq"]);
  await run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...pkgs], {
    env: childEnv({ DEBIAN_FRONTEND: "noninteractive" }),
  });
}
