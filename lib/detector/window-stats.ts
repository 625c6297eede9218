import { ChannelMap, SCINTILLATOR, UNMAPPED } from "@/lib/detector/channel-map";
import type { DetectorConfig } from "@/lib/detector/config";
import { createDriftBinner } from "@/lib/detector/drift-binning";
import { extendOrbit, NO_ORBIT } from "@/lib/detector/extended-orbit";
import type { ParsedLine } from "@/lib/detector/parsed-line";
import { type DetectorRecord, tdcTimeInOrbit } from "@/lib/detector/record";
import { type StatsContext, WindowState } from "@/lib/detector/window-state";
import { type ResultMessage, UNWINDOWED_SCHEMA, type UnwindowedResult, type WindowResult } from "@/lib/results/schema";

/** What the statistics made of one line, for callers that report or count. */
export type LineOutcome = "hit" | "scintillator" | "unmapped" | "head" | "malformed" | "unreadable" | "skip";

/**
 * The reference statistics (DETECTOR.md, statistics 1-6 plus drops), the
 * definition the Spark job is tested against. Feed every parsed line in the
 * order the run reads them (objects in key order, lines in order), then read
 * the results: window k holds the extended orbits
 * [k * orbitsPerWindow, (k + 1) * orbitsPerWindow). Each line with a readable
 * orbit is extended from the one before it (lib/detector/extended-orbit.ts),
 * so windows go on across a wrap of ORBIT_CNT; the order matters only there.
 *
 * Cleansing, in this order, for a line with a readable orbit:
 *  - an integer HEAD other than validHead: dropped.head[HEAD] (even if the
 *    rest of the line is not a record: ancillary words carry non-integers);
 *  - not a record (non-integer HEAD, wrong column count, non-integer or
 *    out-of-range field): dropped.malformed;
 *  - a scintillator channel: the orbit's scintillator signal, and counted in
 *    dropped.unmappedChannel as well, because it is not a chamber hit;
 *  - another channel outside the chamber map: dropped.unmappedChannel;
 *  - otherwise a chamber hit.
 * Every such line counts in `records` and in firstOrbit/lastOrbit (min and
 * max of the extended orbits, not arrival order). Lines without a readable orbit count only in the
 * run's UnwindowedResult.malformed.
 *
 * Memory: one small integer per chamber hit until the results are read,
 * because a window is only complete once the whole input has been seen.
 */
export class WindowAccumulator {
  private readonly windows = new Map<number, WindowState>();
  private readonly channels: ChannelMap;
  private readonly ctx: StatsContext;
  private unreadable = 0;
  /** Extended orbit of the last line with a readable orbit. */
  private orbit = NO_ORBIT;

  constructor(
    private readonly config: DetectorConfig,
    private readonly runId = "offline",
  ) {
    this.channels = new ChannelMap(config);
    this.ctx = { config, binner: createDriftBinner(config) };
  }

  add(parsed: ParsedLine): LineOutcome {
    switch (parsed.kind) {
      case "skip":
        return "skip";
      case "unreadable":
        this.unreadable++;
        return "unreadable";
      case "invalid": {
        const orbit = this.extend(parsed.orbit);
        const w = this.windowOf(orbit);
        w.seeRecord(orbit);
        if (parsed.head !== undefined && parsed.head !== this.config.validHead) {
          w.dropHead(parsed.head);
          return "head";
        }
        w.dropMalformed();
        return "malformed";
      }
      case "record":
        return this.addRecord(parsed.record);
    }
  }

  addRecord(r: DetectorRecord): LineOutcome {
    const orbit = this.extend(r.orbit);
    const w = this.windowOf(orbit);
    w.seeRecord(orbit);
    if (r.head !== this.config.validHead) {
      w.dropHead(r.head);
      return "head";
    }
    const slot = this.channels.slot(r.fpga, r.channel);
    if (slot === UNMAPPED) {
      w.dropUnmapped();
      return "unmapped";
    }
    if (slot === SCINTILLATOR) {
      w.addScintillator(orbit, tdcTimeInOrbit(r));
      w.dropUnmapped();
      return "scintillator";
    }
    w.addHit(orbit, slot, tdcTimeInOrbit(r));
    return "hit";
  }

  /** One result per window that saw a record, by window index. */
  windowResults(): WindowResult[] {
    return [...this.windows.values()].sort((a, b) => a.window - b.window).map((w) => w.toResult(this.runId));
  }

  unwindowedResult(): UnwindowedResult {
    return { schema: UNWINDOWED_SCHEMA, runId: this.runId, malformed: this.unreadable };
  }

  /** Every window, then the run's unwindowed count (always present, possibly 0). */
  results(): ResultMessage[] {
    return [...this.windowResults(), this.unwindowedResult()];
  }

  private extend(raw: number): number {
    this.orbit = extendOrbit(this.orbit, raw);
    return this.orbit;
  }

  private windowOf(orbit: number): WindowState {
    const k = Math.floor(orbit / this.config.orbitsPerWindow);
    let w = this.windows.get(k);
    if (!w) {
      w = new WindowState(k, this.ctx);
      this.windows.set(k, w);
    }
    return w;
  }
}

/** The statistics of a whole input at once. */
export function computeWindowStats(lines: Iterable<ParsedLine>, config: DetectorConfig, runId = "offline"): ResultMessage[] {
  const acc = new WindowAccumulator(config, runId);
  for (const line of lines) acc.add(line);
  return acc.results();
}
