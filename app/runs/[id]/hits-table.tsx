import { chamberVar } from "@/app/components/chamber-colors";
import { formatInt } from "@/app/components/format";
import type { RunAggregate } from "@/lib/live/run-aggregate";

const sum = (xs: readonly number[] | undefined) => (xs ?? []).reduce((a, b) => a + b, 0);

/** Mean hits per orbit among orbits with at least one hit in the chamber. */
function meanMultiplicity(hist: readonly number[] | undefined): number {
  let orbits = 0;
  let hits = 0;
  (hist ?? []).forEach((n, m) => {
    orbits += n;
    hits += n * m;
  });
  return orbits ? hits / orbits : 0;
}

/** Processed (cleansed) hits per chamber and in total, as the original's table, with the other sums beside. */
export function HitsTable({ agg, chambers }: { agg: RunAggregate; chambers: number }) {
  const ids = Array.from({ length: chambers }, (_, c) => c);
  return (
    <table className="hits-table" data-testid="hits-table">
      <thead>
        <tr>
          <th>Chamber</th>
          <th className="num">Hits</th>
          <th className="num">Hits with scintillator</th>
          <th className="num">Orbits with a hit</th>
          <th className="num">Mean multiplicity</th>
          <th className="num">Drift times (under / over)</th>
        </tr>
      </thead>
      <tbody>
        {ids.map((c) => (
          <tr key={c} data-testid={`chamber-row-${c}`}>
            <td>
              <span className="swatch" style={{ background: chamberVar(c) }} /> {c}
            </td>
            <td className="num" data-testid={`hits-chamber-${c}`}>
              {formatInt(agg.hitsPerChamber[c] ?? 0)}
            </td>
            <td className="num" data-testid={`scint-hits-chamber-${c}`}>
              {formatInt(sum(agg.occupancyScintillator[c]))}
            </td>
            <td className="num" data-testid={`orbits-chamber-${c}`}>
              {formatInt(sum(agg.multiplicity[c]))}
            </td>
            <td className="num" data-testid={`multiplicity-chamber-${c}`}>
              {meanMultiplicity(agg.multiplicity[c]).toFixed(2)}
            </td>
            <td className="num">
              <span data-testid={`drift-chamber-${c}`}>{formatInt(sum(agg.driftTime.counts[c]))}</span>{" "}
              <span className="muted">
                (<span data-testid={`drift-under-chamber-${c}`}>{formatInt(agg.driftTime.underflow[c] ?? 0)}</span> /{" "}
                <span data-testid={`drift-over-chamber-${c}`}>{formatInt(agg.driftTime.overflow[c] ?? 0)}</span>)
              </span>
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th>Total</th>
          <th className="num" data-testid="hits-total">
            {formatInt(agg.totalHits)}
          </th>
          <th className="num" colSpan={4}>
            <span className="muted">records </span>
            <span data-testid="records-total">{formatInt(agg.records)}</span>
            <span className="muted"> · windows </span>
            <span data-testid="windows-count">{formatInt(agg.windows)}</span>
            <span className="muted"> · orbits with scintillator </span>
            <span data-testid="scint-orbits">{formatInt(agg.scintillatorOrbits)}</span>
          </th>
        </tr>
      </tfoot>
    </table>
  );
}
