/**
 * Longest line kept, in bytes between two "\n" (a "\r" before the "\n"
 * included), for every reader: this splitter (the reference), the buffer's
 * LineReader and the Spark parser. A DAQ line is ~25 bytes; 64 KiB keeps a
 * line far below Kafka's message limit. A longer line is reported once, as
 * undefined, and its bytes are never held: a corrupt object without newlines
 * cannot exhaust memory. Everywhere it counts as one unreadable line (in no
 * window, even if its first bytes hold an orbit: the buffer does not forward
 * it whole, so no reader could see its columns).
 */
export const MAX_LINE_BYTES = 64 * 1024;

/**
 * Splits a byte stream into lines on "\n", across chunk boundaries, without
 * ever holding more than one line. Lines are decoded as latin1: one char per
 * byte, so arbitrary bytes survive and simply fail to parse as digits.
 * Synchronous and callback-based: a promise per line would dominate the cost.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private heldBytes = 0;
  private overlong = false;

  constructor(
    private readonly onLine: (line: string | undefined) => void,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(10, start);
      if (newline < 0) {
        this.hold(chunk, start, chunk.length);
        return;
      }
      if (this.heldBytes === 0 && !this.overlong && newline - start <= this.maxLineBytes) {
        this.onLine(chunk.toString("latin1", start, newline));
      } else {
        this.hold(chunk, start, newline);
        this.emitHeld();
      }
      start = newline + 1;
    }
  }

  /** The input ended: a last line without "\n" (a truncated file) is still a line. */
  end(): void {
    if (this.overlong || this.heldBytes > 0) this.emitHeld();
  }

  private hold(chunk: Buffer, start: number, end: number): void {
    if (this.overlong || end === start) return;
    if (this.heldBytes + end - start > this.maxLineBytes) {
      this.overlong = true;
      this.parts = [];
      this.heldBytes = 0;
      return;
    }
    // A copy: a view would keep the whole (possibly large) chunk alive.
    this.parts.push(Buffer.from(chunk.subarray(start, end)));
    this.heldBytes += end - start;
  }

  private emitHeld(): void {
    if (this.overlong) {
      this.overlong = false;
      this.onLine(undefined);
      return;
    }
    const line = Buffer.concat(this.parts, this.heldBytes).toString("latin1");
    this.parts = [];
    this.heldBytes = 0;
    this.onLine(line);
  }
}
