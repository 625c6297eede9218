import type { ExpectedWindows } from "@/lib/bench/soak-viewers";
import type { DetectorConfig } from "@/lib/detector/config";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { s3Sink } from "@/lib/generator/sinks";
import { generateWords } from "@/lib/generator/stream";
import type { GeneratedWord } from "@/lib/generator/word";
import { writeDataFiles } from "@/lib/generator/write-files";
import { RECORDS_PER_OBJECT } from "@/lib/bench/bench-data";
import type { Progress } from "@/lib/runtime/service";
import { ensureBucket } from "@/lib/s3/client";

export const SOAK_BUCKET = "cosmo-bench";
export const SOAK_PREFIX = "soak/";

/**
 * Counts the records of each window as the words go by (window k holds
 * orbits [k * orbitsPerWindow, (k + 1) * orbitsPerWindow), and every
 * generated word has a readable orbit, so every word counts in its window's
 * records): the reference a run must store, without holding the statistics.
 */
async function* counting(batches: AsyncIterable<GeneratedWord[]>, orbitsPerWindow: number, counts: Map<number, number>): AsyncGenerator<GeneratedWord[]> {
  for await (const batch of batches) {
    for (const w of batch) {
      const k = Math.floor(w.orbit / orbitsPerWindow);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    yield batch;
  }
}

/**
 * `records` of realistic data (about 1,000 records per second of detector
 * time) in objects the size of the real files, and the windows they make.
 * The first orbit leaves the counter's wrap well beyond a ten-minute soak at
 * 100,000 records/s (a wrap is another test's matter).
 */
export async function writeSoakData(records: number, detector: DetectorConfig, progress: Progress): Promise<ExpectedWindows> {
  await ensureBucket(SOAK_BUCKET);
  const counts = new Map<number, number>();
  const options = generatorOptionsSchema.parse({ seed: 20_261_127, startOrbit: 100_000_000 });
  await writeDataFiles(counting(generateWords(detector, options, { records }), detector.orbitsPerWindow, counts), {
    format: "txt",
    recordsPerFile: RECORDS_PER_OBJECT,
    sink: s3Sink(SOAK_BUCKET, SOAK_PREFIX),
    onFile: (name, p) => progress(`wrote ${name} (${p.records.toLocaleString("en-US")} of ${records.toLocaleString("en-US")} records)`),
  });
  const numbers = [...counts.keys()];
  const first = numbers.reduce((a, b) => Math.min(a, b));
  const perWindow = new Uint32Array(numbers.reduce((a, b) => Math.max(a, b)) - first + 1);
  for (const [k, n] of counts) perWindow[k - first] = n;
  return { first, records: perWindow, windows: counts.size };
}
