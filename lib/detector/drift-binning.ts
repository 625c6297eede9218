import { CosmoError } from "@/lib/errors";
import { type DetectorConfig, driftBinCount } from "@/lib/detector/config";
import { NS_PER_BX, TDC_PER_BX } from "@/lib/detector/record";

export const DRIFT_UNDERFLOW = -1;

const MAX_DECIMALS = 6;

/** The smallest 10^d (d <= 6) that makes `x` an integer, so bin edges are exact. */
function decimalScaleOrThrow(x: number, name: string): number {
  for (let d = 0, scale = 1; d <= MAX_DECIMALS; d++, scale *= 10) {
    if (Math.abs(x * scale - Math.round(x * scale)) < 1e-6) return scale;
  }
  throw new CosmoError("BAD_REQUEST", `drift bins: ${name} ${x} has more than ${MAX_DECIMALS} decimals`);
}

/**
 * Maps a drift time in TDC units (t_hit - t_scint, an integer) to its bin
 * index, DRIFT_UNDERFLOW, or nBins for overflow. The Spark job implements the
 * same integer rule; no float touches a bin edge:
 *
 *   S = 10^d, the smallest with d <= 6 making minNs * S and binNs * S integers
 *   M = minNs * S, B = binNs * S                    (integers)
 *   a = 25 * S * dtUnits - 30 * M                   (= (dt_ns - minNs) * 30 * S)
 *   a < 0                 -> underflow              (dt_ns <  minNs)
 *   i = floor(a / (30 * B))                         (integer division, a >= 0)
 *   i >= nBins            -> overflow               (dt_ns >= maxNs)
 *   otherwise             -> bin i, holding [minNs + i * binNs, minNs + (i + 1) * binNs)
 *
 * So a drift time exactly on an edge belongs to the bin that starts there,
 * and exactly maxNs is overflow. Defaults (S = 1, M = -200, B = 10):
 * a = 25 * dtUnits + 6000, i = floor(a / 300).
 * Every value stays far below 2^53 (|dtUnits| < 106,952 within one orbit).
 */
export function createDriftBinner(config: DetectorConfig): { nBins: number; binOf(dtUnits: number): number } {
  const { minNs, binNs } = config.driftBins;
  const scale = Math.max(decimalScaleOrThrow(minNs, "minNs"), decimalScaleOrThrow(binNs, "binNs"));
  const offset = TDC_PER_BX * Math.round(minNs * scale);
  const width = TDC_PER_BX * Math.round(binNs * scale);
  const unit = NS_PER_BX * scale;
  const nBins = driftBinCount(config);
  return {
    nBins,
    binOf(dtUnits: number): number {
      const a = unit * dtUnits - offset;
      if (a < 0) return DRIFT_UNDERFLOW;
      return Math.min(Math.floor(a / width), nBins);
    },
  };
}
