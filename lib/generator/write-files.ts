import type { DataFormat } from "@/lib/detector/scan";
import { encodeWords, fileHeader } from "@/lib/generator/encode";
import type { ObjectSink, ObjectWriter } from "@/lib/generator/sinks";
import type { GeneratedWord } from "@/lib/generator/word";

/** Same names as the real bucket: data_000000.txt, data_000001.txt, ... */
export function dataFileName(index: number, format: DataFormat): string {
  return `data_${String(index).padStart(6, "0")}.${format}`;
}

export interface WriteProgress {
  records: number;
  files: number;
  bytes: number;
}

/**
 * Writes batches of words into consecutive files of `recordsPerFile` records
 * (the last one possibly shorter). For .dat, every word must be encodable:
 * generate with keep: isDatEncodable.
 */
export async function writeDataFiles(
  batches: AsyncIterable<GeneratedWord[]> | Iterable<GeneratedWord[]>,
  opts: { format: DataFormat; recordsPerFile: number; sink: ObjectSink; onFile?: (name: string, progress: WriteProgress) => void },
): Promise<WriteProgress> {
  const progress: WriteProgress = { records: 0, files: 0, bytes: 0 };
  let writer: ObjectWriter | undefined;
  let name = "";
  let inFile = 0;
  const write = async (chunk: Buffer) => {
    await writer!.write(chunk);
    progress.bytes += chunk.length;
  };
  const closeFile = async () => {
    await writer!.close();
    writer = undefined;
    inFile = 0;
    progress.files++;
    opts.onFile?.(name, progress);
  };
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; ) {
      if (!writer) {
        name = dataFileName(progress.files, opts.format);
        writer = await opts.sink.open(name);
        await write(fileHeader(opts.format));
      }
      const take = Math.min(batch.length - i, opts.recordsPerFile - inFile);
      await write(encodeWords(batch.slice(i, i + take), opts.format));
      i += take;
      inFile += take;
      progress.records += take;
      if (inFile === opts.recordsPerFile) await closeFile();
    }
  }
  if (writer) await closeFile();
  return progress;
}
