import { defaultDetectorConfig } from "@/lib/detector/config";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { s3Sink } from "@/lib/generator/sinks";
import { generateWords } from "@/lib/generator/stream";
import { dataFileName, writeDataFiles } from "@/lib/generator/write-files";
import type { Progress } from "@/lib/runtime/service";

export const BENCH_BUCKET = "cosmo-bench";
/** The size of one file of the real dataset, in records. */
export const RECORDS_PER_OBJECT = 1_310_720;
const PREFIX = "generated/";

export interface BenchData {
  bucket: string;
  /** Every object: what the end-to-end runs replay. */
  prefix: string;
  /** Only the first object: a prefix that is its whole key. */
  firstObjectPrefix: string;
  objects: number;
  records: number;
  bytes: number;
}

/**
 * Realistic synthetic data (about 1,000 records per second of detector time,
 * so an object is some 22 minutes of detector time), consecutive in time
 * across objects like the real files. A fixed seed: every bench replays the same bytes.
 */
export async function writeBenchData(objects: number, progress: Progress): Promise<BenchData> {
  const options = generatorOptionsSchema.parse({ seed: 20_240_601 });
  const written = await writeDataFiles(generateWords(defaultDetectorConfig, options, { records: objects * RECORDS_PER_OBJECT }), {
    format: "txt",
    recordsPerFile: RECORDS_PER_OBJECT,
    sink: s3Sink(BENCH_BUCKET, PREFIX),
    onFile: (name, p) => progress(`wrote ${name} (${p.records.toLocaleString("en-US")} records so far)`),
  });
  return {
    bucket: BENCH_BUCKET,
    prefix: PREFIX,
    firstObjectPrefix: PREFIX + dataFileName(0, "txt"),
    objects: written.files,
    records: written.records,
    bytes: written.bytes,
  };
}
