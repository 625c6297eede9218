import { type DetectorRecord, ORBIT_LIMIT, TDC_PER_BX, TDC_PER_ORBIT } from "@/lib/detector/record";

/**
 * A generated DAQ word. `lastColumn`, when set, replaces TDC_MEAS in the text
 * form: the ancillary HEAD 4 and 5 words of the real files carry decimals
 * there (e.g. `4,1,0,3387315431,0,-0.573730`).
 */
export interface GeneratedWord extends DetectorRecord {
  lastColumn?: string;
}

/** A word with its time since the start of generation (TDC units) and its place in the merged stream. */
export interface TimedWord extends GeneratedWord {
  time: number;
  readout: number;
}

/** Splits a time since generation start into orbit (wrapping at 2^32 like the counter), BX and TDC. */
// Every word gets the same properties in the same order (lastColumn too):
// one object shape keeps the hot loops monomorphic.
export function timedWord(time: number, startOrbit: number, head: number, fpga: number, channel: number): TimedWord {
  const orbits = Math.floor(time / TDC_PER_ORBIT);
  const inOrbit = time - orbits * TDC_PER_ORBIT;
  const bx = Math.floor(inOrbit / TDC_PER_BX);
  return { head, fpga, channel, orbit: (startOrbit + orbits) % ORBIT_LIMIT, bx, tdc: inOrbit - bx * TDC_PER_BX, lastColumn: undefined, time, readout: time };
}
