import { z } from "zod";
import { scintillatorSchema } from "@/lib/detector/config";

const at = { /** Detector time since the start of generation at which the fault starts; it lasts to the end. */ atSeconds: z.number().nonnegative() };
const chamber = z.number().int().min(0).max(15);
const rate = z.number().nonnegative();

/**
 * Detector faults that start at a given detector time, so the quality checks
 * can be shown (and tested) catching them mid-run. The data before the fault
 * is exactly the fault-free data of the same seed: faults draw their random
 * numbers from a stream of their own.
 */
export const generatorFaultSchema = z.discriminatedUnion("kind", [
  /** The channel stops firing. */
  z.object({ kind: z.literal("dead-channel"), ...at, ...scintillatorSchema.shape }),
  /** A chamber's hit efficiency drops by `share` of what it was (0.5: half its hits are lost). */
  z.object({ kind: z.literal("efficiency-drop"), ...at, chamber, share: z.number().min(0).max(1) }),
  /** The channel fires `rateHz` more, at random times. */
  z.object({ kind: z.literal("noisy-channel"), ...at, ...scintillatorSchema.shape, rateHz: rate }),
  /** A chamber's hits come `ns` later (a cable or an electronics delay). */
  z.object({ kind: z.literal("t0-shift"), ...at, chamber, ns: z.number() }),
  /** The muon rate becomes `rateHz`. */
  z.object({ kind: z.literal("muon-rate"), ...at, rateHz: rate }),
]);

export type GeneratorFault = z.infer<typeof generatorFaultSchema>;
export type FaultKind = GeneratorFault["kind"];
export const FAULT_KINDS = generatorFaultSchema.options.map((o) => o.shape.kind.value) as FaultKind[];

/** Each kind's parameters after KIND@SECONDS in the generator's --fault flag, in order. */
export const FAULT_PARAMETERS: Record<FaultKind, string[]> = {
  "dead-channel": ["fpga", "channel"],
  "efficiency-drop": ["chamber", "share"],
  "noisy-channel": ["fpga", "channel", "rateHz"],
  "t0-shift": ["chamber", "ns"],
  "muon-rate": ["rateHz"],
};

/**
 * The faults in force at a detector time (TDC units since the start), as the
 * word generator asks about them.
 */
export class FaultTimeline {
  private readonly faults: (GeneratorFault & { from: number })[];

  constructor(faults: GeneratorFault[], unitsPerSecond: number) {
    this.faults = faults.map((f) => ({ ...f, from: f.atSeconds * unitsPerSecond })).sort((a, b) => a.from - b.from);
  }

  isDead(fpga: number, channel: number, time: number): boolean {
    return this.faults.some((f) => f.from <= time && f.kind === "dead-channel" && f.fpga === fpga && f.channel === channel);
  }

  /** Share of a chamber's hits kept at `time` (1 without a drop). */
  efficiency(chamberId: number, time: number): number {
    let kept = 1;
    for (const f of this.faults) if (f.from <= time && f.kind === "efficiency-drop" && f.chamber === chamberId) kept *= 1 - f.share;
    return kept;
  }

  offsetNs(chamberId: number, time: number): number {
    let ns = 0;
    for (const f of this.faults) if (f.from <= time && f.kind === "t0-shift" && f.chamber === chamberId) ns += f.ns;
    return ns;
  }

  /** The muon rate at `time`: the latest rate change in force, or `base`. */
  muonRateHz(base: number, time: number): number {
    let hz = base;
    for (const f of this.faults) if (f.from <= time && f.kind === "muon-rate") hz = f.rateHz;
    return hz;
  }

  /** Times (TDC units) at which the muon rate changes, in order. */
  muonRateChanges(): number[] {
    return this.faults.filter((f) => f.kind === "muon-rate").map((f) => f.from);
  }

  noisyChannels(): { fpga: number; channel: number; rateHz: number; from: number }[] {
    return this.faults.flatMap((f) => (f.kind === "noisy-channel" ? [{ fpga: f.fpga, channel: f.channel, rateHz: f.rateHz, from: f.from }] : []));
  }
}
