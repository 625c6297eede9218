import fs from "node:fs";
import { statusTable } from "@/lib/cli/output";
import { env } from "@/lib/env";
import type { Progress } from "@/lib/runtime/service";
import { createWebService, webUrl } from "@/lib/runtime/services/web";
import { sparkMasterUiUrl } from "@/lib/runtime/services/spark";
import { down, prefixed, statusAll, up } from "@/lib/runtime/stack";
import { seedDemoBucket } from "@/lib/generator/seed-demo-bucket";

export async function upCommand(progress: Progress, flags: { dev: boolean }): Promise<void> {
  const web = createWebService(flags.dev ? "dev" : "production");
  const { admin } = await up(progress, { web });
  await seedDemoBucket(prefixed(progress, "s3"));
  process.stdout.write(`\n${statusTable(await statusAll(web))}\n\n`);
  process.stdout.write(`COSMO is up. Open ${webUrl()}\n`);
  if (admin) {
    const where = fs.existsSync(admin.passwordFile) ? `; its password: cat ${admin.passwordFile}` : "";
    process.stdout.write(`Log in at ${webUrl()}/login as ${admin.username}${where}\n`);
  }
  process.stdout.write(`Spark master UI: ${sparkMasterUiUrl()}   Kafka: ${env.COSMO_HOST}:${env.COSMO_KAFKA_PORT}\n`);
  process.stdout.write(`Stop everything with: npm stop\n`);
}

export async function downCommand(progress: Progress): Promise<void> {
  await down(progress, createWebService());
  progress("everything is stopped");
}

export async function statusCommand(flags: { json: boolean }): Promise<number> {
  const rows = await statusAll(createWebService());
  process.stdout.write(flags.json ? `${JSON.stringify(rows, null, 2)}\n` : `${statusTable(rows)}\n`);
  return rows.some((r) => r.state === "unhealthy") ? 1 : 0;
}
