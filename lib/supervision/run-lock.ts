import { db } from "@/lib/db";

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

// hashtext() folds the run id into the advisory lock's bigint space.
const lockKey = (runId: string) => `cosmo-supervise:${runId}`;

/**
 * Runs `fn` holding the run's supervision lock, or not at all when another
 * supervisor holds it: two supervisors never restart the same process twice.
 * The lock is a transaction's, so it goes with a crashed holder's connection.
 */
export async function withRunLock<T>(runId: string, fn: () => Promise<T>): Promise<T | undefined> {
  return db.$transaction(
    async (tx: Tx) => {
      const [row] = await tx.$queryRaw<{ locked: boolean }[]>`select pg_try_advisory_xact_lock(hashtext(${lockKey(runId)})) as locked`;
      return row?.locked ? fn() : undefined;
    },
    { timeout: 300_000, maxWait: 10_000 },
  );
}

/** Waits until no supervisor is acting on the run (halt calls it before stopping the run's processes). */
export async function waitForRunLock(runId: string): Promise<void> {
  await db.$transaction(async (tx: Tx) => {
    await tx.$queryRaw`select pg_advisory_xact_lock(hashtext(${lockKey(runId)}))::text`;
  }, { timeout: 300_000, maxWait: 300_000 });
}
