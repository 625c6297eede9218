import type { DetectorConfig } from "@/lib/detector/config";
import { TDC_PER_BX, NS_PER_BX } from "@/lib/detector/record";
import { channelIndexOfCell, crossedCells, DRIFT_VELOCITY_MM_PER_NS, LAYER_WIDTH_MM, SCINTILLATOR_Z_MM, stackMiddleZ } from "@/lib/generator/geometry";
import type { FaultTimeline } from "@/lib/generator/faults";
import type { GeneratorOptions } from "@/lib/generator/options";
import type { Prng } from "@/lib/generator/prng";
import { type TimedWord, timedWord } from "@/lib/generator/word";

const UNITS_PER_NS = TDC_PER_BX / NS_PER_BX;
/** Tracks start over a band wider than the chambers: some cross only part of the stack. */
const MARGIN_MM = 150;

export interface MuonContext {
  detector: DetectorConfig;
  options: GeneratorOptions;
  rng: Prng;
  /** Draws for the faults only, so the data before a fault is the fault-free data. */
  faultRng: Prng;
  faults: FaultTimeline;
  isDead(fpga: number, channel: number, time: number): boolean;
}

/**
 * The words of one cosmic muon at time t0 (TDC units since start): a hit per
 * crossed cell at t0 + drift time + chamber offset + jitter, and the
 * scintillator signal at t0 + latency when the track crosses it.
 * Zenith angle: intensity ~ cos^2, and a horizontal detector sees a further
 * cos from its projected area, so cos(theta) = U^(1/4).
 */
export function muonWords(ctx: MuonContext, t0: number): TimedWord[] {
  const { detector, options, rng } = ctx;
  const cosTheta = Math.pow(1 - rng.next(), 0.25);
  const slope = (Math.sqrt(1 - cosTheta * cosTheta) / cosTheta) * Math.cos(2 * Math.PI * rng.next());
  const x0 = -MARGIN_MM + rng.next() * (LAYER_WIDTH_MM + 2 * MARGIN_MM);
  const z0 = stackMiddleZ(detector.chambers.length);
  const words: TimedWord[] = [];
  const at = (ns: number) => Math.max(0, t0 + Math.round(ns * UNITS_PER_NS));
  for (const { chamber, fpga, firstChannel } of detector.chambers) {
    const offset = (options.chamberOffsetsNs[chamber] ?? 0) + ctx.faults.offsetNs(chamber, t0);
    const kept = ctx.faults.efficiency(chamber, t0);
    for (const { layer, cell, distanceMm } of crossedCells(chamber, detector.chambers.length, x0, z0, slope)) {
      const index = channelIndexOfCell(layer, cell);
      if (index >= detector.channelsPerChamber || rng.next() >= options.hitEfficiency) continue;
      if (kept < 1 && ctx.faultRng.next() >= kept) continue;
      if (ctx.isDead(fpga, firstChannel + index, t0)) continue;
      const ns = distanceMm / DRIFT_VELOCITY_MM_PER_NS + offset + options.jitterNs * rng.normal();
      words.push(timedWord(at(ns), options.startOrbit, detector.validHead, fpga, firstChannel + index));
    }
  }
  const xScintillator = x0 + slope * (SCINTILLATOR_Z_MM - z0);
  const scintillator = detector.scintillator[0]!;
  if (xScintillator >= 0 && xScintillator <= LAYER_WIDTH_MM && rng.next() < options.scintillatorEfficiency) {
    words.push(timedWord(at(options.scintillatorLatencyNs), options.startOrbit, detector.validHead, scintillator.fpga, scintillator.channel));
  }
  return words;
}
