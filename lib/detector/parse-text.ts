import { fromFields, type ParsedLine, SKIP } from "@/lib/detector/parsed-line";
import { MAX_DIGITS, ORBIT_LIMIT } from "@/lib/detector/record";

export const TEXT_HEADER = "HEAD,FPGA,TDC_CHANNEL,ORBIT_CNT,BX_COUNTER,TDC_MEAS";
const COLUMNS = TEXT_HEADER.split(",");
const ORBIT_COLUMN = 3;
const CR = 13;

/**
 * Characters [start, end) of `s` as an unsigned 32-bit integer, or -1. Only
 * 1 to MAX_DIGITS base-10 digits count (no sign, no spaces, no exponent,
 * leading zeros allowed within the ten): the same rule the Spark job and the
 * buffer apply, so all agree on every line.
 */
function parseDigits(s: string, start: number, end: number): number {
  if (end <= start || end - start > MAX_DIGITS) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = s.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value < ORBIT_LIMIT ? value : -1;
}

// Start of each of the first seven columns (a seventh means too many); reused
// across calls, which is safe because parsing is synchronous. No split() and
// no closures: per-line arrays, strings and (under tsx) named inner functions
// dominated the cost of a 1.3-million-line file.
const starts = new Int32Array(COLUMNS.length + 1);

/** Column i as an unsigned integer: it spans [starts[i], starts[i + 1] - 1), the last one up to `end`. */
function column(raw: string, i: number, columns: number, end: number): number {
  return parseDigits(raw, starts[i]!, i + 1 < columns ? starts[i + 1]! - 1 : end);
}

/**
 * Classifies one text line (without its "\n"; one trailing "\r" is ignored).
 * Never throws. The order matters and is the specification:
 *  1. empty line or the exact header line -> skip;
 *  2. no 4th column holding an unsigned 32-bit integer -> unreadable;
 *  3. HEAD read if it is an integer (a non-valid HEAD is then dropped by its
 *     value whatever the other columns hold);
 *  4. not exactly 6 columns, a non-integer column, or a value out of range
 *     -> invalid (readable orbit); else a record.
 */
export function parseTextLine(raw: string): ParsedLine {
  const end = raw.length > 0 && raw.charCodeAt(raw.length - 1) === CR ? raw.length - 1 : raw.length;
  if (end === 0 || (end === TEXT_HEADER.length && raw.startsWith(TEXT_HEADER))) return SKIP;
  let columns = 1;
  starts[0] = 0;
  for (let comma = raw.indexOf(",", 0); comma >= 0 && comma < end; comma = raw.indexOf(",", comma + 1)) {
    if (columns < starts.length) starts[columns] = comma + 1;
    columns++;
  }
  const orbit = columns > ORBIT_COLUMN ? column(raw, ORBIT_COLUMN, columns, end) : -1;
  if (orbit < 0) {
    return { kind: "unreadable", reason: columns > ORBIT_COLUMN ? "ORBIT_CNT is not an unsigned 32-bit integer of at most 10 digits" : `${columns} column(s), no ORBIT_CNT` };
  }
  const headValue = column(raw, 0, columns, end);
  const head = headValue < 0 ? undefined : headValue;
  if (columns !== COLUMNS.length) return { kind: "invalid", orbit, head, reason: `${columns} columns, expected ${COLUMNS.length}` };
  const fpga = column(raw, 1, columns, end);
  const channel = column(raw, 2, columns, end);
  const bx = column(raw, 4, columns, end);
  const tdc = column(raw, 5, columns, end);
  if (headValue < 0 || fpga < 0 || channel < 0 || bx < 0 || tdc < 0) {
    const bad = [headValue, fpga, channel, orbit, bx, tdc].findIndex((v) => v < 0);
    return { kind: "invalid", orbit, head, reason: `${COLUMNS[bad]} is not an unsigned integer` };
  }
  return fromFields({ head: headValue, fpga, channel, orbit, bx, tdc });
}
