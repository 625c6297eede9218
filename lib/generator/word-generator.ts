import type { DetectorConfig } from "@/lib/detector/config";
import { FIELD_LIMITS, NS_PER_BX, TDC_PER_BX, TDC_PER_ORBIT } from "@/lib/detector/record";
import { ancillaryGroup } from "@/lib/generator/ancillary";
import { FaultTimeline } from "@/lib/generator/faults";
import { muonWords, type MuonContext } from "@/lib/generator/muon";
import type { GeneratorOptions } from "@/lib/generator/options";
import { Prng } from "@/lib/generator/prng";
import { type TimedWord, timedWord } from "@/lib/generator/word";

export const UNITS_PER_SECOND = (1e9 * TDC_PER_BX) / NS_PER_BX;
/** Detector time simulated per step, about 91 ms: long enough to amortise the per-step sort. */
const SLICE_UNITS = 1024 * TDC_PER_ORBIT;
/** Chance per word that an FPGA's readout lag is redrawn. */
const LAG_CHANGE = 1 / 8;
/** Mixed into the seed of the faults' own random stream. */
const FAULT_SEED = 0x5eed_fa17;

const channelKey = (fpga: number, channel: number) => fpga * (FIELD_LIMITS.channel + 1) + channel;

/** Picks an index with probability proportional to its weight. */
function weightedPicker(weights: number[]): (u: number) => number {
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((sum, w) => (cumulative.push((sum + w) / total), sum + w), 0);
  return (u) => {
    for (let i = 0; i < cumulative.length; i++) if (u < cumulative[i]!) return i;
    return weights.length - 1;
  };
}

/**
 * The synthetic detector, as Poisson processes in detector time: muons,
 * uniform noise per chamber, extra noise on noisy channels, and ancillary
 * word groups per FPGA. Each FPGA's words come out in time order; the two
 * streams are merged with a varying lag, so the output is nearly, not
 * exactly, time-ordered, like the real files. Deterministic for a seed.
 */
export class WordGenerator {
  private readonly rng: Prng;
  private readonly faultRng: Prng;
  private readonly faults: FaultTimeline;
  /** Noisy channels that start at a fault's time, each its own Poisson process from then on. */
  private readonly faultNoisy: { fpga: number; channel: number; rateHz: number; next: number }[];
  private readonly muon: MuonContext;
  private readonly fpgas: number[];
  private readonly dead: Set<number>;
  private readonly pickChamber: (u: number) => number;
  private readonly pickNoisy: (u: number) => number;
  private readonly noisyRate: number;
  private sliceStart = 0;
  private nextMuon: number;
  private nextNoise: number;
  private nextNoisy: number;
  private readonly nextAncillary: number[];
  private readonly lag: number[];
  private readonly lastReadout: number[];
  /** Words of the current slice, by FPGA number. */
  private readonly queues: TimedWord[][] = Array.from({ length: FIELD_LIMITS.fpga + 1 }, () => []);

  constructor(
    private readonly detector: DetectorConfig,
    private readonly options: GeneratorOptions,
    /** Detector time to generate, in TDC units. */
    private readonly durationUnits = Number.POSITIVE_INFINITY,
  ) {
    this.rng = new Prng(options.seed);
    this.faultRng = new Prng(options.seed ^ FAULT_SEED);
    this.faults = new FaultTimeline(options.faults, UNITS_PER_SECOND);
    this.dead = new Set(options.deadChannels.map((c) => channelKey(c.fpga, c.channel)));
    this.muon = { detector, options, rng: this.rng, faultRng: this.faultRng, faults: this.faults, isDead: (fpga, channel, time) => this.isDead(fpga, channel, time) };
    this.faultNoisy = this.faults.noisyChannels().map((c) => ({ ...c, next: c.from + this.wait(c.rateHz, this.faultRng) }));
    const fpgas = [...detector.chambers, ...detector.scintillator, ...options.noisyChannels, ...this.faultNoisy].map((c) => c.fpga);
    this.fpgas = [...new Set(fpgas)].sort((a, b) => a - b);
    this.pickChamber = weightedPicker(detector.chambers.map((_, i) => options.chamberNoiseWeights[i] ?? 1));
    this.noisyRate = options.noisyChannels.reduce((a, c) => a + c.rateHz, 0);
    this.pickNoisy = weightedPicker(options.noisyChannels.map((c) => c.rateHz));
    this.nextMuon = this.wait(this.faults.muonRateHz(options.muonRateHz, 0));
    this.nextNoise = this.wait(options.noiseRateHz);
    this.nextNoisy = this.wait(this.noisyRate);
    this.nextAncillary = this.fpgas.map(() => this.wait(options.ancillaryRateHz));
    this.lag = this.fpgas.map(() => 0);
    this.lastReadout = this.fpgas.map(() => 0);
  }

  /** The words of the next slice of detector time (possibly none), or undefined once the duration is reached. */
  nextSlice(): TimedWord[] | undefined {
    const start = this.sliceStart;
    if (start >= this.durationUnits) return undefined;
    const end = Math.min(start + SLICE_UNITS, this.durationUnits);
    this.sliceStart = end;
    const { options, queues } = this;
    for (; this.nextMuon < end; this.nextMuon = this.afterMuon(this.nextMuon)) {
      for (const w of muonWords(this.muon, Math.floor(this.nextMuon))) queues[w.fpga]!.push(w);
    }
    for (; this.nextNoise < end; this.nextNoise += this.wait(options.noiseRateHz)) this.noiseHit(this.nextNoise);
    for (; this.nextNoisy < end; this.nextNoisy += this.wait(this.noisyRate)) {
      const c = options.noisyChannels[this.pickNoisy(this.rng.next())]!;
      this.push(c.fpga, c.channel, this.nextNoisy);
    }
    for (const c of this.faultNoisy) for (; c.next < end; c.next += this.wait(c.rateHz, this.faultRng)) this.push(c.fpga, c.channel, c.next);
    this.fpgas.forEach((fpga, i) => {
      for (; this.nextAncillary[i]! < end; this.nextAncillary[i]! += this.wait(options.ancillaryRateHz)) {
        queues[fpga]!.push(...ancillaryGroup(this.rng, Math.floor(this.nextAncillary[i]!), options.startOrbit, fpga));
      }
    });
    return this.interleave();
  }

  private noiseHit(time: number): void {
    const { fpga, firstChannel } = this.detector.chambers[this.pickChamber(this.rng.next())]!;
    this.push(fpga, firstChannel + this.rng.below(this.detector.channelsPerChamber), time);
  }

  /** A hit word, unless its channel is dead at that time. */
  private push(fpga: number, channel: number, time: number): void {
    if (!this.isDead(fpga, channel, time)) this.queues[fpga]!.push(timedWord(Math.floor(time), this.options.startOrbit, this.detector.validHead, fpga, channel));
  }

  private isDead(fpga: number, channel: number, time: number): boolean {
    return this.dead.has(channelKey(fpga, channel)) || this.faults.isDead(fpga, channel, time);
  }

  /**
   * The muon after one at `time`. A rate change between the two rescales the
   * rest of the wait to the new rate (the exponential forgets its past), so
   * the muons before the change are those of the unchanged rate.
   */
  private afterMuon(time: number): number {
    const base = this.options.muonRateHz;
    let next = time + this.wait(this.faults.muonRateHz(base, time));
    for (const change of this.faults.muonRateChanges()) {
      if (change <= time || change > next) continue;
      const before = this.faults.muonRateHz(base, change - 1);
      const after = this.faults.muonRateHz(base, change);
      if (after === 0) return Number.POSITIVE_INFINITY;
      next = Number.isFinite(next) ? change + ((next - change) * before) / after : change + this.wait(after, this.faultRng);
    }
    return next;
  }

  /** Time until the next event of a Poisson process (Infinity for rate 0). */
  private wait(rateHz: number, rng = this.rng): number {
    return rateHz > 0 ? rng.exponential(rateHz / UNITS_PER_SECOND) : Number.POSITIVE_INFINITY;
  }

  /**
   * Each FPGA's words in time order, delayed by that FPGA's lag (redrawn now
   * and then, never reordering the FPGA's own words), then merged by readout
   * time. Ties go to the lower FPGA: deterministic.
   */
  private interleave(): TimedWord[] {
    const maxLag = this.options.interleaveOrbits * TDC_PER_ORBIT;
    const lists = this.fpgas.map((fpga, i) => {
      const mine = this.queues[fpga]!.sort((a, b) => a.time - b.time);
      this.queues[fpga] = [];
      for (const w of mine) {
        if (this.rng.next() < LAG_CHANGE) this.lag[i] = this.rng.below(maxLag + 1);
        w.readout = Math.max(this.lastReadout[i]!, w.time + this.lag[i]!);
        this.lastReadout[i] = w.readout;
      }
      return mine;
    });
    const at = lists.map(() => 0);
    const out: TimedWord[] = [];
    for (let left = lists.reduce((n, l) => n + l.length, 0); left > 0; left--) {
      let best = -1;
      let bestReadout = Number.POSITIVE_INFINITY;
      for (let i = 0; i < lists.length; i++) {
        const head = lists[i]![at[i]!];
        if (head && head.readout < bestReadout) {
          best = i;
          bestReadout = head.readout;
        }
      }
      out.push(lists[best]![at[best]!++]!);
    }
    return out;
  }
}
