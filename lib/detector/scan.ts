import fs from "node:fs";
import path from "node:path";
import { CosmoError } from "@/lib/errors";
import { LineSplitter, MAX_LINE_BYTES } from "@/lib/detector/line-splitter";
import { DatSplitter } from "@/lib/detector/parse-dat";
import type { ParsedLine } from "@/lib/detector/parsed-line";
import { parseTextLine } from "@/lib/detector/parse-text";

export type DataFormat = "txt" | "dat";

/** Called for every line (text) or word (.dat); `position` counts from 1 and includes blank and header lines. */
export type ParsedLineHandler = (parsed: ParsedLine, position: number) => void;

const OVERLONG: ParsedLine = { kind: "unreadable", reason: `line longer than ${MAX_LINE_BYTES} bytes` };

/** A push parser for either format: feed chunks, then end(). */
export function createScanner(format: DataFormat, onParsed: ParsedLineHandler): { push(chunk: Buffer): void; end(): void } {
  let position = 0;
  if (format === "dat") return new DatSplitter((parsed) => onParsed(parsed, ++position));
  return new LineSplitter((line) => onParsed(line === undefined ? OVERLONG : parseTextLine(line), ++position));
}

/** Streams a source through the parser: memory stays at one chunk plus one line, whatever the object size. */
export async function scanStream(source: AsyncIterable<Buffer | Uint8Array>, format: DataFormat, onParsed: ParsedLineHandler): Promise<void> {
  const scanner = createScanner(format, onParsed);
  for await (const chunk of source) scanner.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  scanner.end();
}

/** The format a file name (or object key) implies: .txt or .dat, nothing else is guessed. */
export function formatOfPath(file: string): DataFormat | undefined {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".txt") return "txt";
  if (ext === ".dat") return "dat";
  return undefined;
}

export function formatOfPathOrThrow(file: string): DataFormat {
  const format = formatOfPath(file);
  if (format) return format;
  throw new CosmoError("BAD_REQUEST", `${file}: unknown data format "${path.extname(file).toLowerCase()}" (use a .txt or .dat file)`);
}

export async function scanFile(file: string, onParsed: ParsedLineHandler): Promise<void> {
  const format = formatOfPathOrThrow(file);
  const stream = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    await scanStream(stream, format, onParsed);
  } catch (error) {
    if (error instanceof CosmoError) throw error;
    throw new CosmoError("BAD_REQUEST", `${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, { cause: error });
  }
}
