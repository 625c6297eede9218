import { encodeWord, unencodableReason, WORD_BYTES } from "@/lib/detector/parse-dat";
import { TEXT_HEADER } from "@/lib/detector/parse-text";
import type { DataFormat } from "@/lib/detector/scan";
import type { GeneratedWord } from "@/lib/generator/word";

/**
 * Whether a word has a .dat form. The 64-bit word has a 2-bit HEAD and
 * integer fields only, so the text-only ancillary words (HEAD 4 and 5,
 * decimals, counters beyond the field widths) are left out of .dat output.
 */
export function isDatEncodable(w: GeneratedWord): boolean {
  return w.lastColumn === undefined && unencodableReason(w) === undefined;
}

/** What a new file starts with: the header line for text, nothing for .dat. */
export function fileHeader(format: DataFormat): Buffer {
  return Buffer.from(format === "txt" ? `${TEXT_HEADER}\n` : "");
}

const COMMA = 44;
const NEWLINE = 10;
/** Longest text line: five 10-digit columns, a decimal column, commas, newline. */
const MAX_LINE_BYTES = 96;

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
 * The bytes of `words` in a file of `format`; for .dat every word must be
 * encodable. Text is written digit by digit into one buffer: number-to-string
 * conversion and joining took most of the generation time.
 */
export function encodeWords(words: GeneratedWord[], format: DataFormat): Buffer {
  if (format === "dat") {
    const out = Buffer.allocUnsafe(words.length * WORD_BYTES);
    words.forEach((w, i) => encodeWord(w, out, i * WORD_BYTES));
    return out;
  }
  const out = Buffer.allocUnsafe(words.length * MAX_LINE_BYTES);
  let pos = 0;
  for (const w of words) {
    pos = writeDigits(out, pos, w.head);
    out[pos++] = COMMA;
    pos = writeDigits(out, pos, w.fpga);
    out[pos++] = COMMA;
    pos = writeDigits(out, pos, w.channel);
    out[pos++] = COMMA;
    pos = writeDigits(out, pos, w.orbit);
    out[pos++] = COMMA;
    pos = writeDigits(out, pos, w.bx);
    out[pos++] = COMMA;
    pos = w.lastColumn === undefined ? writeDigits(out, pos, w.tdc) : pos + out.write(w.lastColumn, pos, "latin1");
    out[pos++] = NEWLINE;
  }
  return out.subarray(0, pos);
}
