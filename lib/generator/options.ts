import { z } from "zod";
import { scintillatorSchema } from "@/lib/detector/config";
import { ORBIT_LIMIT } from "@/lib/detector/record";
import { generatorFaultSchema } from "@/lib/generator/faults";

const rate = z.number().nonnegative();
const probability = z.number().min(0).max(1);
const channelRef = scintillatorSchema;

/**
 * Knobs of the synthetic detector. Defaults reproduce the shape of the real
 * runs (DETECTOR.md): about 1,000 records per second of detector time, of
 * which about 650 chamber hits split roughly 15/23/37/24 % over chambers
 * 0..3, and 97-98 % of the orbits with a hit in a chamber holding 1 to 4.
 */
export const generatorOptionsSchema = z.object({
  seed: z.number().int().min(0).max(ORBIT_LIMIT - 1).default(1),
  /** ORBIT_CNT of the first orbit; the counter wraps at 2^32 like the hardware's. */
  startOrbit: z.number().int().min(0).max(ORBIT_LIMIT - 1).default(3_387_200_000),
  /** Muons per second over the generation area (wider than the chambers, so not all cross every chamber). */
  muonRateHz: rate.default(8),
  /** Uncorrelated noise hits per second over all chambers, shared by chamberNoiseWeights. */
  noiseRateHz: rate.default(540),
  /** Relative noise per chamber, by chamber number; missing entries weigh 1. */
  chamberNoiseWeights: z.array(z.number().nonnegative()).default([0.13, 0.21, 0.4, 0.24]),
  /** Channels firing on top of the uniform noise. */
  noisyChannels: z.array(channelRef.extend({ rateHz: rate })).default([{ fpga: 0, channel: 66, rateHz: 10 }]),
  /** Channels that never fire. */
  deadChannels: z.array(channelRef).default([{ fpga: 1, channel: 101 }]),
  /** Groups of five ancillary words (HEAD 3, 1, 0, 4, 5) per second and FPGA. */
  ancillaryRateHz: rate.default(33),
  /** Chance that a crossed cell gives a hit. */
  hitEfficiency: probability.default(0.95),
  /** Chance that a muon crossing the scintillator gives its signal. */
  scintillatorEfficiency: probability.default(0.97),
  /** Scintillator signal time after the muon's t0. */
  scintillatorLatencyNs: z.number().default(0),
  /** Per-chamber time offset of the hits (cables, electronics), by chamber number; missing entries are 0. */
  chamberOffsetsNs: z.array(z.number()).default([4, 8, 12, 16]),
  /** Gaussian time resolution of a hit. */
  jitterNs: z.number().nonnegative().default(3),
  /** Largest lag, in orbits, between the two FPGAs' streams: records are nearly, not exactly, in time order. */
  interleaveOrbits: z.number().int().min(0).max(10_000).default(100),
  /** Faults that start at a given detector time (lib/generator/faults.ts). */
  faults: z.array(generatorFaultSchema).default([]),
});

export type GeneratorOptions = z.infer<typeof generatorOptionsSchema>;
export type GeneratorOptionsInput = z.input<typeof generatorOptionsSchema>;
