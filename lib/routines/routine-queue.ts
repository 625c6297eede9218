import { PgBoss } from "pg-boss";
import { databaseUrl } from "@/lib/database-url";

/**
 * The routines' job queue: pg-boss on COSMO's own PostgreSQL. A job carries
 * only an execution id; the execution row holds everything else, so a job
 * delivered twice finds its execution already taken and does nothing.
 */
export const ROUTINE_QUEUE = "cosmo-routines";

const globalForBoss = globalThis as unknown as { cosmoBoss?: Promise<PgBoss> };

/** One pg-boss per process. Only the routine worker supervises (maintenance, expiry). */
export function routineQueue(options: { supervise?: boolean } = {}): Promise<PgBoss> {
  globalForBoss.cosmoBoss ??= (async () => {
    const boss = new PgBoss({
      connectionString: databaseUrl(),
      schema: "pgboss",
      max: 4,
      supervise: options.supervise ?? false,
      schedule: false,
      application_name: "cosmo-routines",
    });
    boss.on("error", (error) => console.error(`routine queue: ${error.message}`));
    await boss.start();
    // A routine is not retried by the queue: a failed one is reported, and the operator decides.
    await boss.createQueue(ROUTINE_QUEUE, { retryLimit: 0, expireInSeconds: 3600 });
    return boss;
  })().catch((error: unknown) => {
    globalForBoss.cosmoBoss = undefined;
    throw error;
  });
  return globalForBoss.cosmoBoss;
}

export async function closeRoutineQueue(): Promise<void> {
  const boss = await globalForBoss.cosmoBoss?.catch(() => undefined);
  globalForBoss.cosmoBoss = undefined;
  await boss?.stop({ graceful: true });
}
