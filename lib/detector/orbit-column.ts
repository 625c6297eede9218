import { MAX_DIGITS } from "@/lib/detector/record";

const COMMA = 44;
const CR = 13;
const ZERO = 48;
const ORBIT_COLUMN = 3;

/**
 * ORBIT_CNT of the text line in bytes [start, end) of `buf` (no "\n"; one
 * trailing "\r" ignored), or -1 when it is not readable: the rule of
 * parseTextLine (lib/detector/parse-text.ts) on bytes, without decoding the
 * line, for the buffer, which follows the orbit of every line it sends.
 */
export function orbitOfLine(buf: Buffer, start: number, end: number): number {
  const stop = end > start && buf[end - 1] === CR ? end - 1 : end;
  let at = start;
  for (let column = 0; column < ORBIT_COLUMN; column++) {
    const comma = buf.indexOf(COMMA, at);
    if (comma < 0 || comma >= stop) return -1;
    at = comma + 1;
  }
  let value = 0;
  let digits = 0;
  for (; at < stop && buf[at] !== COMMA; at++, digits++) {
    const digit = buf[at]! - ZERO;
    if (digit < 0 || digit > 9 || digits === MAX_DIGITS) return -1;
    value = value * 10 + digit;
  }
  return digits === 0 || value >= 2 ** 32 ? -1 : value;
}
