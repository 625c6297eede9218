import type { RunAggregate } from "@/lib/live/run-aggregate";

/**
 * A reference's histograms normalised to `orbits` of detector time: each bin
 * times orbits / the reference's orbits, so a run is compared with the
 * reference over the same time whatever their lengths. Null when the
 * reference spans no orbit.
 */
export function normaliseToOrbits(reference: RunAggregate, orbits: number): RunAggregate | null {
  if (reference.orbits <= 0) return null;
  const f = orbits / reference.orbits;
  const row = (r: readonly number[]) => r.map((v) => v * f);
  const rows = (rs: readonly (readonly number[])[]) => rs.map(row);
  return {
    ...reference,
    orbits,
    records: reference.records * f,
    totalHits: reference.totalHits * f,
    hitsPerChamber: row(reference.hitsPerChamber),
    occupancy: rows(reference.occupancy),
    occupancyScintillator: rows(reference.occupancyScintillator),
    multiplicity: rows(reference.multiplicity),
    scintillatorOrbits: reference.scintillatorOrbits * f,
    driftTime: { ...reference.driftTime, counts: rows(reference.driftTime.counts), underflow: row(reference.driftTime.underflow), overflow: row(reference.driftTime.overflow) },
  };
}
