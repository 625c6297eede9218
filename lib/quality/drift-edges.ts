/**
 * One chamber's drift-time histogram as stored in a window's statistics
 * (lib/results/schema.ts `driftTime`): `counts` is `driftTime.counts[chamber]`,
 * `lowNs` is `driftTime.minNs` (the lower edge of bin 0), `binNs` the bin width.
 * Sum several windows' counts bin by bin to get enough entries.
 */
export interface DriftHistogram {
  counts: number[];
  lowNs: number;
  binNs: number;
}

export interface DriftEdges {
  /** Rising edge at half the plateau height: the drift time of a track through the wire, plus the chamber's offset. */
  t0Ns: number | null;
  /** Falling edge at half the plateau height: the longest drift, a track at the cell's edge. */
  tmaxNs: number | null;
}

/**
 * Entries needed before edges are measured: a 390 ns plateau spans about 39
 * bins of 10 ns, and below ~10 entries a bin the half-height crossing is
 * decided by Poisson noise (±30 %) more than by the edge. At the generator's
 * rate a chamber collects this in 10-20 s of detector time.
 */
export const MIN_DRIFT_ENTRIES = 400;

/** Bins at or above this share of the highest bin make up the plateau whose median sets its height. */
const PLATEAU_SHARE = 0.2;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * t0 and tmax of a drift-time histogram. The plateau height is the median of
 * the populated bins (those at least 20 % of the highest), so a pile-up at
 * the cell's edge or a noisy bin does not move it. t0 is where the counts,
 * read as values at bin centres and joined linearly, first reach half of it
 * from the left; tmax where they last do from the right. Both null when the
 * histogram holds fewer than MIN_DRIFT_ENTRIES entries.
 */
export function driftEdges(hist: DriftHistogram): DriftEdges {
  const { counts, lowNs, binNs } = hist;
  const total = counts.reduce((a, b) => a + b, 0);
  if (total < MIN_DRIFT_ENTRIES) return { t0Ns: null, tmaxNs: null };
  const peak = Math.max(...counts);
  const half = median(counts.filter((c) => c >= PLATEAU_SHARE * peak)) / 2;
  const centre = (i: number) => lowNs + (i + 0.5) * binNs;
  const first = counts.findIndex((c) => c >= half);
  const last = counts.findLastIndex((c) => c >= half);
  const crossing = (inside: number, outside: number) => {
    const cin = counts[inside]!;
    const cout = counts[outside] ?? 0;
    const share = cin === cout ? 0 : (cin - half) / (cin - cout);
    return centre(inside) + share * (centre(outside) - centre(inside));
  };
  return { t0Ns: crossing(first, first - 1), tmaxNs: crossing(last, last + 1) };
}
