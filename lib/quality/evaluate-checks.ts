import type { QualityFlag } from "@/lib/generated/prisma/client";
import { driftEdges, type DriftEdges } from "@/lib/quality/drift-edges";
import { chiSquareTest, ksTest } from "@/lib/quality/histogram-tests";
import type { Bounds, QualityChecks } from "@/lib/quality/quality-config";
import { aligned, histogramOf, type WindowSums } from "@/lib/quality/window-sums";

/** Chamber of the checks about the detector as a whole. */
export const DETECTOR = -1;

export interface CheckOutcome {
  check: string;
  chamber: number;
  level: QualityFlag;
  value: number | null;
  detail: string;
}

/** The reference a run is checked against: its windows summed, and each chamber's drift-time edges. */
export interface ReferenceStats {
  sums: WindowSums;
  edges: DriftEdges[];
}

export function edgesOf(sums: WindowSums): DriftEdges[] {
  return sums.driftTime.counts.map((counts) => driftEdges({ counts, lowNs: sums.driftTime.minNs, binNs: sums.driftTime.binNs }));
}

const outside = (v: number, r: { min?: number; max?: number }) => (r.min !== undefined && v < r.min) || (r.max !== undefined && v > r.max);
const levelOf = (v: number, b: Bounds): QualityFlag => (outside(v, b.error) ? "error" : outside(v, b.warning) ? "warning" : "ok");
const countLevel = (n: number, warning: number, error: number): QualityFlag => (n >= error ? "error" : n >= warning ? "warning" : "ok");
const histogramCheck = { occupancy: "occupancy", multiplicity: "multiplicity", driftTime: "drift-time" } as const;
const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));

/**
 * Every check of one window, before hysteresis. `period` is the comparison
 * period's sums (the last `periodWindows` windows up to this one), `rules` the
 * rule period's; `reference` null when the run has none (those checks are ok,
 * "no reference").
 */
export function evaluateChecks(config: QualityChecks, period: WindowSums, rules: WindowSums, reference: ReferenceStats | null): CheckOutcome[] {
  const out: CheckOutcome[] = [];
  const chambers = rules.hitsPerChamber.length;
  const push = (check: string, chamber: number, level: QualityFlag, value: number | null, detail: string) => out.push({ check, chamber, level, value, detail });

  const share = rules.records > 0 ? rules.dropped.malformed / rules.records : 0;
  push("dropped-share", DETECTOR, levelOf(share, config.droppedShare), share, `${(share * 100).toFixed(2)} % of the records malformed`);
  if (!reference) return out;
  const ref = reference.sums;
  const scale = rules.orbits / ref.orbits;

  /** A rate's ratio to the expected count, flagged only when the difference is significant too. */
  const rateCheck = (check: string, chamber: number, seen: number, expected: number, bounds: Bounds, none: string) => {
    if (expected <= 0) return push(check, chamber, "ok", null, none);
    const ratio = seen / expected;
    const sigmas = Math.abs(seen - expected) / Math.sqrt(expected);
    const level = sigmas >= config.minSignificance ? levelOf(ratio, bounds) : "ok";
    push(check, chamber, level, ratio, `${fmt(ratio)} × the reference's (${fmt(sigmas)} σ)`);
  };
  rateCheck("scintillator-rate", DETECTOR, rules.scintillatorOrbits, ref.scintillatorOrbits * scale, config.scintillatorRateRatio, "no scintillator in the reference");

  for (let c = 0; c < chambers; c++) {
    rateCheck("hit-rate", c, rules.hitsPerChamber[c]!, (ref.hitsPerChamber[c] ?? 0) * scale, config.hitRateRatio, "no hits in the reference");

    const { minExpected, noisyFactor, noisyMinExcess } = config.channels;
    const dead: number[] = [];
    const noisy: number[] = [];
    (ref.occupancy[c] ?? []).forEach((refCount, ch) => {
      const expected = refCount * scale;
      const seen = rules.occupancy[c]?.[ch] ?? 0;
      if (seen === 0 && expected >= minExpected) dead.push(ch);
      if (seen > noisyFactor * expected && seen - expected >= noisyMinExcess) noisy.push(ch);
    });
    push("dead-channels", c, countLevel(dead.length, config.channels.deadWarning, config.channels.deadError), dead.length, dead.length ? `silent: channel ${dead.join(", ")}` : "");
    push("noisy-channels", c, countLevel(noisy.length, config.channels.noisyWarning, config.channels.noisyError), noisy.length, noisy.length ? `noisy: channel ${noisy.join(", ")}` : "");

    for (const h of config.comparisons.histograms) {
      const [seen, expected] = aligned(histogramOf(period, h, c), histogramOf(ref, h, c));
      const entries = seen.reduce((a, b) => a + b, 0);
      const tests = h === "occupancy" ? ([["chi2", chiSquareTest]] as const) : ([["chi2", chiSquareTest], ["ks", ksTest]] as const);
      for (const [name, test] of tests) {
        const check = `${name}-${histogramCheck[h]}`;
        if (entries < config.comparisons.minEntries) {
          push(check, c, "ok", null, `too few entries (${entries})`);
          continue;
        }
        const { pValue } = test(seen, expected);
        const level = pValue < config.comparisons.errorP ? "error" : pValue < config.comparisons.warningP ? "warning" : "ok";
        push(check, c, level, pValue, `p = ${pValue.toExponential(2)} over ${period.windows} windows`);
      }
    }

    const edges = driftEdges({ counts: period.driftTime.counts[c] ?? [], lowNs: period.driftTime.minNs, binNs: period.driftTime.binNs });
    for (const [check, key, bounds] of [["t0", "t0Ns", config.t0ShiftNs], ["tmax", "tmaxNs", config.tmaxShiftNs]] as const) {
      const now = edges[key];
      const then = reference.edges[c]?.[key] ?? null;
      if (now === null || then === null) push(check, c, "ok", null, now === null ? "too few drift-time entries" : "no edge in the reference");
      else push(check, c, levelOf(now - then, bounds), now - then, `${fmt(now)} ns, ${now - then >= 0 ? "+" : ""}${fmt(now - then)} ns from the reference`);
    }
  }
  return out;
}
