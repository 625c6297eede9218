import { env } from "@/lib/env";
import type { Health, ServiceHealth } from "@/lib/health/health-schema";
import { services } from "@/lib/runtime/services";
import { NEXT_VERSION, webUrl } from "@/lib/runtime/services/web";

const up = (state: ServiceHealth["state"]) => state === "running" || state === "external";

/** Every service's state as the web tier sees it; log paths stay server-side. */
export async function getHealth(): Promise<Health> {
  const rows: ServiceHealth[] = await Promise.all(
    services.map(async (service) => {
      const { name, state, version, pid, port, url } = await service.status();
      return { name, state, version, pid, port, url, optional: service.testOnly === true };
    }),
  );
  // This process is the web service: if it answers, it is up.
  rows.push({ name: "web", state: "running", version: NEXT_VERSION, pid: process.pid, port: env.COSMO_WEB_PORT, url: webUrl(), optional: false });
  const ok = rows.every((r) => r.optional || up(r.state));
  return { status: ok ? "ok" : "degraded", checkedAt: new Date().toISOString(), services: rows };
}
