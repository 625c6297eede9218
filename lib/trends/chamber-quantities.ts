import type { RunAggregate } from "@/lib/live/run-aggregate";
import { ORBIT_SECONDS } from "@/lib/live/rate-series";
import { driftEdges } from "@/lib/quality/drift-edges";

/** What a drift-tube shifter reads of one chamber over a stretch of detector time. */
export interface ChamberQuantities {
  /** Rising and falling edges of the drift-time histogram (null: too few entries, lib/quality/drift-edges.ts). */
  t0Ns: number | null;
  tmaxNs: number | null;
  /** tmax - t0: the maximum drift time, about 390 ns for the 21 mm half-cell. */
  driftSpanNs: number | null;
  /** Mean hits per orbit over the orbits with at least one hit in the chamber (null: none). */
  meanMultiplicity: number | null;
  /** Chamber hits per second of detector time (null: no time). */
  hitRate: number | null;
}

function meanMultiplicity(hist: readonly number[] | undefined): number | null {
  let orbits = 0;
  let hits = 0;
  (hist ?? []).forEach((n, m) => {
    if (m === 0) return;
    orbits += n;
    hits += m * n;
  });
  return orbits > 0 ? hits / orbits : null;
}

/** Per chamber, from windows summed (addWindow) over the stretch. */
export function chamberQuantities(agg: RunAggregate, chambers: number): ChamberQuantities[] {
  const seconds = agg.orbits * ORBIT_SECONDS;
  return Array.from({ length: chambers }, (_, c) => {
    const { t0Ns, tmaxNs } = driftEdges({ counts: agg.driftTime.counts[c] ?? [], lowNs: agg.driftTime.minNs, binNs: agg.driftTime.binNs });
    return {
      t0Ns,
      tmaxNs,
      driftSpanNs: t0Ns === null || tmaxNs === null ? null : tmaxNs - t0Ns,
      meanMultiplicity: meanMultiplicity(agg.multiplicity[c]),
      hitRate: seconds > 0 ? (agg.hitsPerChamber[c] ?? 0) / seconds : null,
    };
  });
}
