import { encodeWord, unencodableReason, WORD_BYTES } from "@/lib/detector/parse-dat";
import { TEXT_HEADER } from "@/lib/detector/parse-text";
import { writeTextLine } from "@/lib/detector/write-text-line";
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

/** Longest generated text line: five 10-digit columns, a decimal last column, commas, newline. */
const MAX_LINE_BYTES = 96;

/**
 * The bytes of `words` in a file of `format`; for .dat every word must be
 * encodable.
 */
export function encodeWords(words: GeneratedWord[], format: DataFormat): Buffer {
  if (format === "dat") {
    const out = Buffer.allocUnsafe(words.length * WORD_BYTES);
    words.forEach((w, i) => encodeWord(w, out, i * WORD_BYTES));
    return out;
  }
  const out = Buffer.allocUnsafe(words.length * MAX_LINE_BYTES);
  let pos = 0;
  for (const w of words) pos = writeTextLine(out, pos, w, w.lastColumn);
  return out.subarray(0, pos);
}
