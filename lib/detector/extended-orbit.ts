import { ORBIT_LIMIT } from "@/lib/detector/record";

const HALF = ORBIT_LIMIT / 2;

/** No record with a readable orbit yet: the next one keeps its ORBIT_CNT (k = 0). */
export const NO_ORBIT = -1;

/**
 * The extended orbit of a record whose ORBIT_CNT is `raw`, read after a record
 * of extended orbit `previous` (DETECTOR.md, "The orbit counter wraps"): the
 * value raw + k * 2^32 nearest to `previous`, a tie going to the lower one,
 * and never negative (a record a few orbits "before" the first one of a run
 * that starts just after a wrap takes k = 0 instead of -1, so window indices
 * stay >= 0). workers/spark/cosmo_stats/orbits.py implements the same rule.
 * Extended orbits stay far below 2^53: exact in a float64.
 */
export function extendOrbit(previous: number, raw: number): number {
  if (previous < 0) return raw;
  const step = ((((raw - (previous % ORBIT_LIMIT) + HALF) % ORBIT_LIMIT) + ORBIT_LIMIT) % ORBIT_LIMIT) - HALF;
  const extended = previous + step;
  return extended < 0 ? extended + ORBIT_LIMIT : extended;
}
