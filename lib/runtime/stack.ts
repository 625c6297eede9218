import fs from "node:fs";
import { ensurePresets } from "@/lib/clusters/presets";
import { ensureTopics, defaultTopics } from "@/lib/kafka/topics";
import { homeDir } from "@/lib/runtime/paths";
import { stopDaemon } from "@/lib/runtime/process";
import { migrate } from "@/lib/runtime/migrate";
import type { Progress, Service, ServiceStatus } from "@/lib/runtime/service";
import { services } from "@/lib/runtime/services";
import { ensureAdmin, type AdminLogin } from "@/lib/users/ensure-admin";

export interface UpOptions {
  /** Also start what only the tests need (sshd). */
  withTestServices?: boolean;
  web?: Service;
}

/** Where a step belongs to one service, its messages carry that service's name. */
export const prefixed = (progress: Progress, name: string): Progress => (m) => progress(`[${name}] ${m}`);

const selected = (options: UpOptions) => [
  ...services.filter((s) => options.withTestServices || !s.testOnly),
  ...(options.web ? [options.web] : []),
];

export async function installAll(progress: Progress, options: UpOptions = {}): Promise<void> {
  for (const service of selected(options)) await service.install(prefixed(progress, service.name));
}

/**
 * Brings the whole stack up in dependency order; safe to run on a running
 * stack. Answers with the first admin's login, created on a new database.
 */
export async function up(progress: Progress, options: UpOptions = {}): Promise<{ admin?: AdminLogin }> {
  let admin: AdminLogin | undefined;
  await installAll(progress, options);
  for (const service of selected(options)) {
    const p = prefixed(progress, service.name);
    const t0 = Date.now();
    await service.start(p);
    p(`up (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    if (service.name === "postgres") {
      const applied = await migrate(p);
      if (applied.length) p(`applied ${applied.length} migration(s)`);
      await ensurePresets();
      admin = await ensureAdmin();
      if (admin.created) p(`created the first admin "${admin.username}" (password in ${admin.passwordFile})`);
    }
    if (service.name === "kafka") await ensureTopics(defaultTopics);
  }
  return { admin };
}

/** Stops everything, test services and web included, in reverse order. */
export async function down(progress: Progress, web?: Service): Promise<void> {
  const all = [...services, ...(web ? [web] : [])].reverse();
  // Web, the supervisor and the routine worker first, so nothing starts a run's processes while they are stopped.
  const first = web ? 3 : 2;
  for (const service of all.slice(0, first)) await service.stop(prefixed(progress, service.name));
  await stopRunDaemons(progress);
  for (const service of all.slice(first)) await service.stop(prefixed(progress, service.name));
}

/** A run's Spark driver, buffer and consumer run as daemons of this home: stopped with the stack. */
async function stopRunDaemons(progress: Progress): Promise<void> {
  const dir = homeDir("run");
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /^(stats-job|consumer|buffer)-.+\.pid$/.test(f)) : [];
  for (const name of names.map((f) => f.slice(0, -".pid".length))) {
    if (await stopDaemon(name, { graceMs: 15_000 })) progress(`[${name}] stopped`);
  }
}

export async function statusAll(web?: Service): Promise<ServiceStatus[]> {
  return Promise.all([...services, ...(web ? [web] : [])].map((s) => s.status()));
}
