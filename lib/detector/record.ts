/**
 * One DAQ word: the six columns of a text line or the six fields of a .dat
 * word. Named DetectorRecord, not Record, so it never shadows TypeScript's
 * Record<K, V> in the files that import it.
 */
export interface DetectorRecord {
  head: number;
  fpga: number;
  channel: number;
  orbit: number;
  bx: number;
  tdc: number;
}

export const BX_PER_ORBIT = 3564;
export const TDC_PER_BX = 30;
export const NS_PER_BX = 25;
/** TDC units in one orbit: 106,920. */
export const TDC_PER_ORBIT = TDC_PER_BX * BX_PER_ORBIT;
export const ORBIT_LIMIT = 2 ** 32;
/**
 * Most digits a numeric text field may have: ten hold every 32-bit value. A
 * longer field is malformed whatever its value (leading zeros included), so
 * every reader checks the length before converting and none ever converts a
 * huge digit string (Python's int() refuses more than 4,300 digits).
 */
export const MAX_DIGITS = 10;

/**
 * Absolute time in TDC units (25/30 ns). Below 2^53 for every 32-bit orbit, so
 * exact in a float64: times compare and subtract without rounding.
 */
export function tdcTime(r: Pick<DetectorRecord, "orbit" | "bx" | "tdc">): number {
  return TDC_PER_BX * (BX_PER_ORBIT * r.orbit + r.bx) + r.tdc;
}

/** Time within the orbit in TDC units, 0..106,951: small enough to pack into an int32. */
export function tdcTimeInOrbit(r: Pick<DetectorRecord, "bx" | "tdc">): number {
  return TDC_PER_BX * r.bx + r.tdc;
}

export function tdcUnitsToNs(units: number): number {
  return (units * NS_PER_BX) / TDC_PER_BX;
}

/**
 * Ranges a record must satisfy to be a record at all (else the line is
 * malformed): the widths of the .dat fields, except BX which the orbit length
 * bounds. TDC_MEAS is the 5-bit field (0..31) although the TDC counts 0..29.
 * HEAD is any 32-bit value: the text dataset has HEAD 4 and 5 words that no
 * 2-bit .dat field can hold, and they must still be dropped by their value.
 */
export const FIELD_LIMITS = {
  head: ORBIT_LIMIT - 1,
  fpga: 15,
  channel: 511,
  orbit: ORBIT_LIMIT - 1,
  bx: BX_PER_ORBIT - 1,
  tdc: 31,
} as const satisfies { [K in keyof DetectorRecord]: number };

/**
 * The first field outside FIELD_LIMITS, or undefined when the record is in
 * range. Fields are non-negative integers by construction. Spelled out: it
 * runs once per record on every hot path.
 */
export function fieldOutOfRange(r: DetectorRecord): keyof DetectorRecord | undefined {
  if (r.head > FIELD_LIMITS.head) return "head";
  if (r.fpga > FIELD_LIMITS.fpga) return "fpga";
  if (r.channel > FIELD_LIMITS.channel) return "channel";
  if (r.orbit > FIELD_LIMITS.orbit) return "orbit";
  if (r.bx > FIELD_LIMITS.bx) return "bx";
  if (r.tdc > FIELD_LIMITS.tdc) return "tdc";
  return undefined;
}
