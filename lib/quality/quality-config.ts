import { z } from "zod";

const pValue = z.number().gt(0).lt(1);
const windows = z.number().int().min(1).max(600);
const count = z.number().int().min(1);

/** A rule's bounds: inside [min, max] is ok; a bound left out is not checked. */
const range = z.object({ min: z.number().optional(), max: z.number().optional() });
/** The warning bounds sit inside the error bounds: outside `warning` is a warning, outside `error` an error. */
const bounds = (warning: z.input<typeof range>, error: z.input<typeof range>) => z.object({ warning: range.default(warning), error: range.default(error) });

/**
 * The data-quality checks of a cluster (its spec's `quality`), frozen into
 * each run as it opens, like the rest of the configuration. Every check runs
 * per window as the window is stored, over a sliding period of the windows
 * before it; those comparing with the reference need the cluster to have
 * one, and say "no reference" (ok) otherwise.
 */
export const qualityChecksSchema = z.object({
  enabled: z.boolean().default(true),
  /** Windows (about 1 s each) of the sliding period the comparisons with the reference and t0/tmax use. */
  periodWindows: windows.default(60),
  /** Windows of the sliding period the rate and channel rules use: short, so a fault shows within a few windows. */
  rulePeriodWindows: windows.default(3),
  /**
   * Hysteresis (lib/quality/hysteresis.ts): a flag rises to a level once `raiseAfter`
   * consecutive evaluations reach it, and falls back once `clearAfter` consecutive ones are below it.
   */
  raiseAfter: z.number().int().min(1).max(20).default(2),
  clearAfter: z.number().int().min(1).max(100).default(5),
  /**
   * χ² and Kolmogorov-Smirnov comparisons of each chamber's histograms with the
   * reference (shapes: normalised to the same entries). KS only on the ordered
   * ones (multiplicity, drift time): channel numbers have no order to accumulate.
   */
  comparisons: z
    .object({
      histograms: z.array(z.enum(["occupancy", "multiplicity", "driftTime"])).default(["occupancy", "multiplicity", "driftTime"]),
      /** p-values below these flag the histogram. */
      warningP: pValue.default(1e-6),
      errorP: pValue.default(1e-9),
      /** Fewer entries than this in the period: not compared (ok, "too few entries"). */
      minEntries: count.default(200),
    })
    .refine((c) => c.errorP <= c.warningP, { message: "errorP must not be above warningP", path: ["errorP"] })
    .default({ histograms: ["occupancy", "multiplicity", "driftTime"], warningP: 1e-6, errorP: 1e-9, minEntries: 200 }),
  /**
   * A rate outside its ratio bounds flags only when the difference is also this
   * many standard deviations of the expected count (Poisson): over a short period,
   * counts of a few hundred wander by 10 % on their own.
   */
  minSignificance: z.number().nonnegative().default(5),
  /** Each chamber's hit rate over the reference's, per orbit. */
  hitRateRatio: bounds({ min: 0.8, max: 1.25 }, { min: 0.6, max: 1.67 }).default({ warning: { min: 0.8, max: 1.25 }, error: { min: 0.6, max: 1.67 } }),
  /** Scintillator orbits per orbit over the reference's: the trigger (muon) rate. */
  scintillatorRateRatio: bounds({ min: 0.8, max: 1.25 }, { min: 0.6, max: 1.67 }).default({ warning: { min: 0.8, max: 1.25 }, error: { min: 0.6, max: 1.67 } }),
  /**
   * Channels per chamber gone dead (no hit in the rule period where the reference
   * expects at least `minExpected`) or noisy (more than `factor` times the
   * expected hits and `minExcess` more): a count at or above `warning` / `error` flags the chamber.
   */
  channels: z
    .object({
      minExpected: z.number().positive().default(20),
      noisyFactor: z.number().gt(1).default(5),
      noisyMinExcess: z.number().nonnegative().default(50),
      deadWarning: count.default(1),
      deadError: count.default(1),
      noisyWarning: count.default(1),
      noisyError: count.default(1),
    })
    .default({ minExpected: 20, noisyFactor: 5, noisyMinExcess: 50, deadWarning: 1, deadError: 1, noisyWarning: 1, noisyError: 1 }),
  /** Malformed lines (not records, or no readable orbit) over all records of the period. */
  droppedShare: bounds({ max: 0.001 }, { max: 0.01 }).default({ warning: { max: 0.001 }, error: { max: 0.01 } }),
  /** Drift-time t0 and tmax (lib/quality/drift-edges.ts) minus the reference's, in ns. */
  t0ShiftNs: bounds({ min: -15, max: 15 }, { min: -25, max: 25 }).default({ warning: { min: -15, max: 15 }, error: { min: -25, max: 25 } }),
  tmaxShiftNs: bounds({ min: -15, max: 15 }, { min: -25, max: 25 }).default({ warning: { min: -15, max: 15 }, error: { min: -25, max: 25 } }),
});

export type QualityChecks = z.infer<typeof qualityChecksSchema>;
export type QualityChecksInput = z.input<typeof qualityChecksSchema>;
export type Bounds = QualityChecks["hitRateRatio"];

export const defaultQualityChecks: QualityChecks = qualityChecksSchema.parse({});
