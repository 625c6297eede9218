import type { QualityFlag } from "@/lib/generated/prisma/client";

const RANK: Record<QualityFlag, number> = { ok: 0, warning: 1, error: 2 };
const FLAGS: QualityFlag[] = ["ok", "warning", "error"];

export const worseOf = (a: QualityFlag, b: QualityFlag): QualityFlag => (RANK[a] >= RANK[b] ? a : b);

/**
 * The flag shown for a check after this evaluation, from its recent levels
 * (oldest first, this evaluation last) and the flag it had:
 *  - it rises to a level once the last `raiseAfter` evaluations all reached
 *    it (one bad window of noise does not page anybody);
 *  - it keeps a higher flag until the last `clearAfter` evaluations were all
 *    below it, then falls to the highest of them (a flag does not flicker
 *    while a fault comes and goes).
 * Missing history (the first windows of a run) counts as ok.
 */
export function hysteresisFlag(levels: QualityFlag[], previous: QualityFlag | null, raiseAfter: number, clearAfter: number): QualityFlag {
  const last = (n: number) => Array.from({ length: n }, (_, i) => RANK[levels[levels.length - n + i] ?? "ok"]);
  const up = Math.min(...last(raiseAfter));
  const down = Math.max(...last(clearAfter));
  return FLAGS[Math.max(up, Math.min(RANK[previous ?? "ok"], down))]!;
}
