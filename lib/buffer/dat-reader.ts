import type { Piece, PieceReader } from "@/lib/buffer/piece-reader";
import { extendOrbit } from "@/lib/detector/extended-orbit";
import { decodeWord, WORD_BYTES } from "@/lib/detector/parse-dat";
import { MAX_TEXT_LINE_BYTES, writeTextLine } from "@/lib/detector/write-text-line";

/**
 * What a trailing partial word becomes: a line without columns, which the
 * text rules count as unreadable, as the .dat rules count the partial word.
 */
export const partialWordLine = (bytes: number) => Buffer.from(`partial .dat word of ${bytes} byte(s)\n`);

/**
 * Cuts a .dat object (64-bit DAQ words, DETECTOR.md) into pieces of text
 * lines, one line per word, the fields decoded as `cosmo stats` decodes them.
 * Each line parses back to the word's record (or is malformed where the word
 * is: a BX or TDC_MEAS out of range), so the statistics of a .dat object and
 * of its text form are the same. Pieces end on word boundaries: the offset a
 * restart resumes from is a multiple of 8, or the object's end.
 */
export class DatReader implements PieceReader {
  private chunk: Buffer = Buffer.alloc(0);
  /** Next unread index in chunk. */
  private i = 0;
  /** Object offset of the next unread byte. */
  private offset: number;
  private ended = false;

  constructor(
    private readonly chunks: AsyncIterator<Buffer>,
    start: number,
    /** Extended orbit of the last word read (every word has a readable orbit). */
    private orbit: number,
  ) {
    this.offset = start;
  }

  async read(maxRecords: number, maxBytes: number): Promise<Piece | null> {
    const start = this.offset;
    const orbitBefore = this.orbit;
    const capacity = Math.max(MAX_TEXT_LINE_BYTES, Math.min(maxBytes, maxRecords * MAX_TEXT_LINE_BYTES));
    const out = Buffer.allocUnsafe(capacity);
    let pos = 0;
    let records = 0;
    // Each round writes one line, never longer than MAX_TEXT_LINE_BYTES.
    while (records < maxRecords && pos + MAX_TEXT_LINE_BYTES <= capacity) {
      if (!(await this.fill())) {
        const left = this.chunk.length - this.i;
        if (left > 0) {
          pos += partialWordLine(left).copy(out, pos);
          records++;
          this.i += left;
          this.offset += left;
        }
        break;
      }
      const word = decodeWord(this.chunk.readUInt32LE(this.i), this.chunk.readUInt32LE(this.i + 4));
      this.orbit = extendOrbit(this.orbit, word.orbit);
      pos = writeTextLine(out, pos, word);
      records++;
      this.i += WORD_BYTES;
      this.offset += WORD_BYTES;
    }
    if (records === 0) return null;
    return { value: out.subarray(0, pos), start, end: this.offset, records, orbitBefore, orbitAfter: this.orbit };
  }

  /** Makes at least one whole word readable; false at the end of the object. */
  private async fill(): Promise<boolean> {
    while (!this.ended && this.chunk.length - this.i < WORD_BYTES) {
      const next = await this.chunks.next();
      if (next.done) {
        this.ended = true;
        break;
      }
      // A word split across two chunks: its first bytes move into the next one.
      this.chunk = this.i < this.chunk.length ? Buffer.concat([this.chunk.subarray(this.i), next.value]) : next.value;
      this.i = 0;
    }
    return this.chunk.length - this.i >= WORD_BYTES;
  }
}
