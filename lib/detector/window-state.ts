import type { DetectorConfig } from "@/lib/detector/config";
import { chamberOfSlot, channelIndexOfSlot } from "@/lib/detector/channel-map";
import { DRIFT_UNDERFLOW } from "@/lib/detector/drift-binning";
import { WINDOW_SCHEMA, type WindowResult } from "@/lib/results/schema";

/** Hit encoding: slot * 2^17 + time in orbit (TDC units, < 2^17), one small integer. */
const TIME_SPAN = 2 ** 17;

export interface StatsContext {
  config: DetectorConfig;
  binner: { nBins: number; binOf(dtUnits: number): number };
}

const zeros = (n: number) => new Array<number>(n).fill(0);
const perChamber = <T>(n: number, make: () => T) => Array.from({ length: n }, make);

/**
 * One window's accumulation. Order-free by construction (sums, min/max, and
 * per-orbit state resolved at the end), so any arrival order, batching or
 * split of the input gives the same result.
 */
export class WindowState {
  private firstOrbit = Number.POSITIVE_INFINITY;
  private lastOrbit = -1;
  private records = 0;
  private readonly hitsPerChamber: number[];
  private readonly occupancy: number[][];
  private readonly headDrops = new Map<number, number>();
  private unmappedChannel = 0;
  private malformed = 0;
  // Hits are kept until the end (the orbit's scintillator signal may come
  // after them) as two flat arrays: ~16 bytes a hit, no object per orbit.
  private readonly hitOrbits: number[] = [];
  private readonly hits: number[] = [];
  /** Earliest scintillator time in the orbit (TDC units), by orbit. */
  private readonly scintillator = new Map<number, number>();

  constructor(
    readonly window: number,
    private readonly ctx: StatsContext,
  ) {
    const n = ctx.config.chambers.length;
    this.hitsPerChamber = zeros(n);
    this.occupancy = perChamber(n, () => zeros(ctx.config.channelsPerChamber));
  }

  /** Every line with a readable orbit passes here once, whatever becomes of it. */
  seeRecord(orbit: number): void {
    this.records++;
    if (orbit < this.firstOrbit) this.firstOrbit = orbit;
    if (orbit > this.lastOrbit) this.lastOrbit = orbit;
  }

  addHit(orbit: number, slot: number, timeInOrbit: number): void {
    this.hitsPerChamber[chamberOfSlot(slot)]!++;
    this.occupancy[chamberOfSlot(slot)]![channelIndexOfSlot(slot)]!++;
    this.hitOrbits.push(orbit);
    this.hits.push(slot * TIME_SPAN + timeInOrbit);
  }

  addScintillator(orbit: number, timeInOrbit: number): void {
    const earliest = this.scintillator.get(orbit);
    if (earliest === undefined || timeInOrbit < earliest) this.scintillator.set(orbit, timeInOrbit);
  }

  dropHead(head: number): void {
    this.headDrops.set(head, (this.headDrops.get(head) ?? 0) + 1);
  }

  dropUnmapped(): void {
    this.unmappedChannel++;
  }

  dropMalformed(): void {
    this.malformed++;
  }

  toResult(runId: string): WindowResult {
    const { config, binner } = this.ctx;
    const n = config.chambers.length;
    // Multiplicity: index m -> orbits with m hits in the chamber; index 0 is
    // always 0 and the array ends at the largest m seen ([0] if none).
    const multiplicity = perChamber(n, () => [0]);
    const occupancyScintillator = perChamber(n, () => zeros(config.channelsPerChamber));
    const counts = perChamber(n, () => zeros(binner.nBins));
    const underflow = zeros(n);
    const overflow = zeros(n);
    const { hitOrbits, hits } = this;
    // Hits grouped by orbit: their indices sorted by orbit.
    const order = Array.from(hitOrbits.keys()).sort((a, b) => hitOrbits[a]! - hitOrbits[b]!);
    const inOrbit = zeros(n);
    for (let first = 0, end = 0; first < order.length; first = end) {
      const orbit = hitOrbits[order[first]!]!;
      inOrbit.fill(0);
      for (end = first; end < order.length && hitOrbits[order[end]!] === orbit; end++) {
        inOrbit[chamberOfSlot(Math.floor(hits[order[end]!]! / TIME_SPAN))]!++;
      }
      inOrbit.forEach((m, chamber) => {
        if (m === 0) return;
        const hist = multiplicity[chamber]!;
        while (hist.length <= m) hist.push(0);
        hist[m]!++;
      });
      const scint = this.scintillator.get(orbit);
      if (scint === undefined) continue;
      for (let i = first; i < end; i++) {
        const packed = hits[order[i]!]!;
        const slot = Math.floor(packed / TIME_SPAN);
        const chamber = chamberOfSlot(slot);
        occupancyScintillator[chamber]![channelIndexOfSlot(slot)]!++;
        const bin = binner.binOf((packed % TIME_SPAN) - scint);
        if (bin === DRIFT_UNDERFLOW) underflow[chamber]!++;
        else if (bin >= binner.nBins) overflow[chamber]!++;
        else counts[chamber]![bin]!++;
      }
    }
    const head: Record<string, number> = {};
    for (const key of [...this.headDrops.keys()].sort((a, b) => a - b)) head[String(key)] = this.headDrops.get(key)!;
    return {
      schema: WINDOW_SCHEMA,
      runId,
      window: this.window,
      orbitsPerWindow: config.orbitsPerWindow,
      firstOrbit: this.firstOrbit,
      lastOrbit: this.lastOrbit,
      records: this.records,
      totalHits: this.hitsPerChamber.reduce((a, b) => a + b, 0),
      hitsPerChamber: [...this.hitsPerChamber],
      occupancy: this.occupancy.map((row) => [...row]),
      multiplicity,
      scintillatorOrbits: this.scintillator.size,
      occupancyScintillator,
      driftTime: { ...config.driftBins, counts, underflow, overflow },
      dropped: { head, unmappedChannel: this.unmappedChannel, malformed: this.malformed },
    };
  }
}
