import type { DetectorRecord } from "@/lib/detector/record";

const COMMA = 44;
const NEWLINE = 10;
/** Longest line writeTextLine can write: six 10-digit columns, five commas, a newline. */
export const MAX_TEXT_LINE_BYTES = 6 * 10 + 5 + 1;

/** Writes a non-negative integer's decimal digits at `pos`; returns the position after them. */
function writeDigits(out: Buffer, pos: number, value: number): number {
  let digits = 1;
  for (let v = value; v >= 10; v = Math.floor(v / 10)) digits++;
  let at = pos + digits;
  let v = value;
  do {
    const q = Math.floor(v / 10);
    out[--at] = 48 + v - q * 10;
    v = q;
  } while (v > 0);
  return pos + digits;
}

/**
 * Writes `r` as a dataset text line ("HEAD,FPGA,TDC_CHANNEL,ORBIT_CNT,BX_COUNTER,TDC_MEAS\n")
 * at `pos` and returns the position after it. `lastColumn` replaces TDC_MEAS
 * (the ancillary words' decimals). Digit by digit into the caller's buffer:
 * number-to-string conversion and joining cost more than everything else.
 */
export function writeTextLine(out: Buffer, pos: number, r: DetectorRecord, lastColumn?: string): number {
  let at = writeDigits(out, pos, r.head);
  out[at++] = COMMA;
  at = writeDigits(out, at, r.fpga);
  out[at++] = COMMA;
  at = writeDigits(out, at, r.channel);
  out[at++] = COMMA;
  at = writeDigits(out, at, r.orbit);
  out[at++] = COMMA;
  at = writeDigits(out, at, r.bx);
  out[at++] = COMMA;
  at = lastColumn === undefined ? writeDigits(out, at, r.tdc) : at + out.write(lastColumn, at, "latin1");
  out[at++] = NEWLINE;
  return at;
}
