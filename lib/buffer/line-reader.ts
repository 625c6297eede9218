import type { Piece, PieceReader } from "@/lib/buffer/piece-reader";
import { extendTextOrbits } from "@/lib/buffer/text-orbits";
import { MAX_LINE_BYTES } from "@/lib/detector/line-splitter";

const NL = 0x0a;
const CR = 0x0d;
const NEWLINE = Buffer.from("\n");

/**
 * A line longer than MAX_LINE_BYTES (the cap every reader applies) is garbage
 * (a binary object, a lost newline) and must not grow a message past Kafka's
 * limit: it is replaced by this marker, a line without columns, which every
 * reader counts as unreadable, as the reference counts the overlong line.
 */
const overlongMarker = (bytes: number) => Buffer.from(`overlong line of ${bytes} bytes\n`);

export interface OverlongLine {
  /** Line number counted from the byte the reader started at (1 = first line read). */
  line: number;
  start: number;
  bytes: number;
}

/**
 * Cuts a stream of chunks into pieces of complete lines, as many as the caller
 * allows. Lines are forwarded byte for byte (garbage included: classifying is
 * the Spark job's work); only lines over MAX_LINE_BYTES are replaced. Follows
 * the extended orbit (lib/detector/extended-orbit.ts) of the lines it sends,
 * from `orbit`, the extended orbit of the last line before `start`.
 */
export class LineReader implements PieceReader {
  private chunk: Buffer = Buffer.alloc(0);
  /** Object offset of chunk[0]. */
  private chunkStart: number;
  /** Next unread index in chunk. */
  private i = 0;
  /** Bytes of a line begun in earlier chunks: whole while short, only its first bytes once overlong. */
  private partial: Buffer[] = [];
  private partialLength = 0;
  /** Object offset where the next unsent line starts. */
  private lineStart: number;
  private lineNumber = 1;
  private ended = false;

  constructor(
    private readonly chunks: AsyncIterator<Buffer>,
    start: number,
    private orbit: number,
    private readonly onOverlong: (line: OverlongLine) => void = () => {},
  ) {
    this.chunkStart = start;
    this.lineStart = start;
  }

  async read(maxRecords: number, maxBytes: number): Promise<Piece | null> {
    const parts: Buffer[] = [];
    const start = this.lineStart;
    let bytes = 0;
    let records = 0;
    // Lines wholly inside the current chunk are sent as one slice of it, not copied one by one.
    let runFrom = this.i;
    const closeRun = () => {
      if (this.i > runFrom) parts.push(this.chunk.subarray(runFrom, this.i));
      runFrom = this.i;
    };

    while (records < maxRecords) {
      if (this.i === this.chunk.length) {
        closeRun();
        if (await this.fill()) {
          runFrom = 0;
          continue;
        }
        if (this.partialLength === 0) break;
        // The object's last line has no newline: still a line.
        const line = this.finishLine(Buffer.alloc(0));
        if (bytes > 0 && bytes + line.length > maxBytes) break;
        this.commitLine(line, this.chunk.length);
        parts.push(...line.parts);
        bytes += line.length;
        if (!line.blank) records++;
        break;
      }
      const nl = this.chunk.indexOf(NL, this.i);
      if (nl === -1) {
        closeRun();
        this.keepPartial(this.chunk.subarray(this.i));
        this.i = this.chunk.length;
        runFrom = this.i;
        continue;
      }
      const length = nl + 1 - this.i;
      if (this.partialLength === 0 && length <= MAX_LINE_BYTES + 1) {
        if (bytes > 0 && bytes + length > maxBytes) break;
        bytes += length;
        if (!(nl === this.i || (nl === this.i + 1 && this.chunk[this.i] === CR))) records++;
        this.i = nl + 1;
        this.lineStart = this.chunkStart + this.i;
        this.lineNumber++;
        continue;
      }
      const line = this.finishLine(this.chunk.subarray(this.i, nl));
      if (bytes > 0 && bytes + line.length > maxBytes) break;
      closeRun();
      this.commitLine(line, nl + 1);
      runFrom = this.i;
      parts.push(...line.parts);
      bytes += line.length;
      if (!line.blank) records++;
    }
    closeRun();
    if (this.lineStart === start) return null;
    const value = Buffer.concat(parts, bytes);
    const orbitBefore = this.orbit;
    this.orbit = extendTextOrbits(value, orbitBefore);
    return { value, start, end: this.lineStart, records, orbitBefore, orbitAfter: this.orbit };
  }

  /** What the line made of `partial` + `tail` (no newline) is sent as; nothing is consumed yet. */
  private finishLine(tail: Buffer): { parts: Buffer[]; length: number; blank: boolean; overlong: number } {
    const total = this.partialLength + tail.length;
    const first = this.partial[0]?.[0] ?? tail[0];
    const blank = total === 0 || (total === 1 && first === CR);
    if (total > MAX_LINE_BYTES) {
      const marker = overlongMarker(total);
      return { parts: [marker], length: marker.length, blank, overlong: total };
    }
    return { parts: [...this.partial, tail, NEWLINE], length: total + 1, blank, overlong: 0 };
  }

  private commitLine(line: { overlong: number }, next: number): void {
    if (line.overlong > 0) this.onOverlong({ line: this.lineNumber, start: this.lineStart, bytes: line.overlong });
    this.partial = [];
    this.partialLength = 0;
    this.i = next;
    this.lineStart = this.chunkStart + next;
    this.lineNumber++;
  }

  /** Holds the start of a line that continues in the next chunk; of an overlong one only its length. */
  private keepPartial(bytes: Buffer): void {
    this.partialLength += bytes.length;
    if (this.partialLength <= MAX_LINE_BYTES) {
      this.partial.push(bytes);
      return;
    }
    this.partial = [];
  }

  private async fill(): Promise<boolean> {
    if (this.ended) return false;
    const next = await this.chunks.next();
    if (next.done) {
      this.ended = true;
      return false;
    }
    this.chunkStart += this.chunk.length;
    this.chunk = next.value;
    this.i = 0;
    return true;
  }
}
