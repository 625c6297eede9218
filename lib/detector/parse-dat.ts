import { CosmoError } from "@/lib/errors";
import { fromFields, type ParsedLine } from "@/lib/detector/parsed-line";
import { type DetectorRecord, fieldOutOfRange } from "@/lib/detector/record";

/**
 * The DAQ's raw format: one little-endian 64-bit word per record. Bit layout
 * (DETECTOR.md), worked on the two 32-bit halves to stay in int32 arithmetic:
 *
 *   bits  0..4   TDC_MEAS + 1 (mod 32)     lo & 0x1F
 *   bits  5..16  BX_COUNTER                (lo >>> 5) & 0xFFF
 *   bits 17..48  ORBIT_CNT                 lo >>> 17 (15 bits), hi & 0x1FFFF (17 bits)
 *   bits 49..57  TDC_CHANNEL - 1 (mod 512) (hi >>> 17) & 0x1FF
 *   bits 58..61  FPGA                      (hi >>> 26) & 0xF
 *   bits 62..63  HEAD                      hi >>> 30
 *
 * TDC_MEAS = ((word & 0xFFFFFFFF) - 1) & 0x1F only ever sees the low five bits
 * (a borrow leaves them), and the DAQ adds 1 back on channels 137 and 138; so
 * a word there can decode to TDC_MEAS 32, which FIELD_LIMITS rejects like the
 * same value in a text line (malformed, not a record).
 */
export const WORD_BYTES = 8;
const ORBIT_LOW_BITS = 15;
const ORBIT_LOW_SPAN = 2 ** ORBIT_LOW_BITS;
const SHIFTED_TDC_CHANNELS = new Set([137, 138]);

export function decodeWord(lo: number, hi: number): DetectorRecord {
  const channel = (((hi >>> 17) & 0x1ff) + 1) & 0x1ff;
  const tdc = ((lo - 1) & 0x1f) + (SHIFTED_TDC_CHANNELS.has(channel) ? 1 : 0);
  return {
    head: hi >>> 30,
    fpga: (hi >>> 26) & 0xf,
    channel,
    orbit: (lo >>> 17) + (hi & 0x1ffff) * ORBIT_LOW_SPAN,
    bx: (lo >>> 5) & 0xfff,
    tdc,
  };
}

/** Why `r` has no .dat word that decodes back to it, or undefined if it has one. */
export function unencodableReason(r: DetectorRecord): string | undefined {
  if (r.head > 3) return `HEAD ${r.head} does not fit the 2-bit field`;
  const bad = fieldOutOfRange(r);
  if (bad !== undefined) return `${bad} out of range (${r[bad]})`;
  if (SHIFTED_TDC_CHANNELS.has(r.channel) && r.tdc === 0) return `TDC_MEAS 0 cannot be written on channel ${r.channel}`;
  return undefined;
}

/** Writes the word of `r` at `offset`; decodeWord(word) equals `r` for every encodable record. */
export function encodeWord(r: DetectorRecord, out: Buffer, offset: number): void {
  const reason = unencodableReason(r);
  if (reason !== undefined) throw new CosmoError("BAD_REQUEST", `record not encodable as a .dat word: ${reason}`);
  const tdcField = (r.tdc - (SHIFTED_TDC_CHANNELS.has(r.channel) ? 1 : 0) + 1) & 0x1f;
  const lo = (tdcField | (r.bx << 5) | ((r.orbit % ORBIT_LOW_SPAN) << 17)) >>> 0;
  const hi = (Math.floor(r.orbit / ORBIT_LOW_SPAN) | (((r.channel - 1) & 0x1ff) << 17) | (r.fpga << 26) | (r.head << 30)) >>> 0;
  out.writeUInt32LE(lo, offset);
  out.writeUInt32LE(hi, offset + 4);
}

/** Decodes the word at `offset`; every 64-bit pattern has a readable orbit, so only the ranges can fail. */
export function parseDatWord(buf: Buffer, offset: number): ParsedLine {
  return fromFields(decodeWord(buf.readUInt32LE(offset), buf.readUInt32LE(offset + 4)));
}

export const TRUNCATED_WORD: ParsedLine = { kind: "unreadable", reason: "trailing bytes shorter than a 64-bit word" };

/** Cuts a .dat byte stream into words across chunk boundaries; a trailing partial word is one unreadable record. */
export class DatSplitter {
  private carry = Buffer.alloc(0);

  constructor(private readonly onWord: (parsed: ParsedLine) => void) {}

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.carry.length > 0) {
      buf = Buffer.concat([this.carry, chunk]);
      this.carry = Buffer.alloc(0);
    }
    const whole = buf.length - (buf.length % WORD_BYTES);
    for (let offset = 0; offset < whole; offset += WORD_BYTES) this.onWord(parseDatWord(buf, offset));
    if (whole < buf.length) this.carry = Buffer.from(buf.subarray(whole));
  }

  end(): void {
    if (this.carry.length > 0) this.onWord(TRUNCATED_WORD);
    this.carry = Buffer.alloc(0);
  }
}
