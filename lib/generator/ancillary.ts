import type { Prng } from "@/lib/generator/prng";
import { type TimedWord, timedWord } from "@/lib/generator/word";

/**
 * One group of ancillary (non-hit) words as the real files show them per
 * FPGA, all stamped with the same orbit:
 *   3,F,0,O,<0..20000>,0        (a counter in the BX column, beyond 3563)
 *   1,F,0,O,0,<0..159>
 *   0,F,<0..4>,O,<bx>,<tdc>
 *   4,F,0,O,0,<k/4096 in (-1, 1), 6 decimals>
 *   5,F,0,O,0,<k/64 in (-70, 70), 6 decimals>
 * Only their HEAD matters downstream (they are dropped by it), but their
 * odd values exercise the parser like the real data does.
 */
export function ancillaryGroup(rng: Prng, time: number, startOrbit: number, fpga: number): TimedWord[] {
  return [
    stamped(timedWord(time, startOrbit, 3, fpga, 0), rng.below(20_001), 0),
    stamped(timedWord(time, startOrbit, 1, fpga, 0), 0, rng.below(160)),
    timedWord(time, startOrbit, 0, fpga, rng.below(5)),
    stamped(timedWord(time, startOrbit, 4, fpga, 0), 0, 0, ((rng.below(8191) - 4095) / 4096).toFixed(6)),
    stamped(timedWord(time, startOrbit, 5, fpga, 0), 0, 0, ((rng.below(8961) - 4480) / 64).toFixed(6)),
  ];
}

/** Overwrites the BX and TDC columns with the word's own values. */
function stamped(w: TimedWord, bx: number, tdc: number, lastColumn?: string): TimedWord {
  w.bx = bx;
  w.tdc = tdc;
  w.lastColumn = lastColumn;
  return w;
}
