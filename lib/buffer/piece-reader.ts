import { DatReader } from "@/lib/buffer/dat-reader";
import { LineReader, type OverlongLine } from "@/lib/buffer/line-reader";
import { formatOfPath } from "@/lib/detector/scan";

/**
 * Whole text lines for one hits message, cut from an object; every line ends
 * in "\n". The hits topic carries text whatever the object's format (see
 * docs/results-schema.md), so one statistics job reads both.
 */
export interface Piece {
  value: Buffer;
  /** The object's bytes [start, end) the piece stands for: a restart resumes at `end`. */
  start: number;
  end: number;
  /** Non-empty lines: a line is a record, whatever it holds. */
  records: number;
  /**
   * Extended orbit (lib/detector/extended-orbit.ts) of the last line with a
   * readable orbit before the piece, and after its last line; NO_ORBIT
   * before the run's first such line. Every reader of the hits topic extends
   * a message's lines from `orbitBefore`, whatever partition it came by.
   */
  orbitBefore: number;
  orbitAfter: number;
}

export interface PieceReader {
  /**
   * The next piece: up to `maxRecords` records and, unless its first line alone is
   * longer, `maxBytes` bytes. null once the object is exhausted.
   */
  read(maxRecords: number, maxBytes: number): Promise<Piece | null>;
}

/**
 * The reader for an object's format, by its key: .dat objects are DAQ words,
 * anything else text. `orbit`: the extended orbit before byte `start`.
 */
export function openPieceReader(key: string, chunks: AsyncIterator<Buffer>, start: number, orbit: number, onOverlong: (line: OverlongLine) => void): PieceReader {
  return formatOfPath(key) === "dat" ? new DatReader(chunks, start, orbit) : new LineReader(chunks, start, orbit, onOverlong);
}
