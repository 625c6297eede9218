import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";

/**
 * Failed logins slow guessing down, per user name (a password guessed from
 * many addresses) and per client address (many user names tried from one).
 * After `limit` failures within FORGET_AFTER_MS every login for the key is
 * refused for BASE_LOCK_MS, doubling with each further failure up to MAX_LOCK_MS.
 * Kept in PostgreSQL so every web process agrees and a restart does not reset it.
 */
const limits = { user: 5, address: 20 } as const;
const FORGET_AFTER_MS = 15 * 60_000;
const BASE_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

export type ThrottleKind = keyof typeof limits;

export interface LoginSubject {
  username: string;
  address: string;
}

const keysOf = (s: LoginSubject) => [
  { kind: "user" as const, key: `user:${s.username.toLowerCase()}` },
  { kind: "address" as const, key: `address:${s.address}` },
];

/** 429 while the user name or the address is locked, before the password is even looked at. */
export async function assertLoginAllowed(subject: LoginSubject): Promise<void> {
  const locked = await db.loginThrottle.findFirst({
    where: { key: { in: keysOf(subject).map((k) => k.key) }, lockedUntil: { gt: new Date() } },
    orderBy: { lockedUntil: "desc" },
  });
  if (!locked?.lockedUntil) return;
  const seconds = Math.ceil((locked.lockedUntil.getTime() - Date.now()) / 1000);
  const what = locked.key.startsWith("user:") ? "this user name" : "this address";
  throw new CosmoError("TOO_MANY_REQUESTS", `too many failed logins for ${what}: try again in ${seconds} s`);
}

/** Counts a failure for both keys (atomically: concurrent guesses all count) and locks those past their limit. */
export async function recordLoginFailure(subject: LoginSubject): Promise<void> {
  for (const { kind, key } of keysOf(subject)) {
    const [row] = await db.$queryRaw<{ failures: number }[]>`
      INSERT INTO login_throttle (key, failures, last_failure_at) VALUES (${key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN login_throttle.last_failure_at < now() - make_interval(secs => ${FORGET_AFTER_MS / 1000}) THEN 1 ELSE login_throttle.failures + 1 END,
        last_failure_at = now()
      RETURNING failures`;
    const over = (row?.failures ?? 0) - limits[kind];
    if (over >= 0) {
      const lockMs = Math.min(BASE_LOCK_MS * 2 ** over, MAX_LOCK_MS);
      await db.loginThrottle.update({ where: { key }, data: { lockedUntil: new Date(Date.now() + lockMs) } });
    }
  }
}

/** A successful login clears its user name's count; the address's decays on its own, so one good account cannot reset it. */
export async function recordLoginSuccess(subject: LoginSubject): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: keysOf(subject)[0]!.key } });
}
