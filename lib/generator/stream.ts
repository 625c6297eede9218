import { CosmoError } from "@/lib/errors";
import type { DetectorConfig } from "@/lib/detector/config";
import type { GeneratorOptions } from "@/lib/generator/options";
import { encodeWords } from "@/lib/generator/encode";
import type { GeneratedWord } from "@/lib/generator/word";
import { UNITS_PER_SECOND, WordGenerator } from "@/lib/generator/word-generator";

export interface GenerationLimit {
  /** Stop after this many words (counted after `keep`). */
  records?: number;
  /** Stop after this much detector time. */
  seconds?: number;
  /** Only words passing this are emitted and counted (the .dat writer keeps the encodable ones). */
  keep?: (w: GeneratedWord) => boolean;
}

/** Words per yielded batch: large enough that per-batch costs vanish, small enough to stream. */
const BATCH_WORDS = 8192;

/** Generated words in batches, nearly in time order, until a limit is reached. */
export function* generateBatches(detector: DetectorConfig, options: GeneratorOptions, limit: GenerationLimit): Generator<GeneratedWord[]> {
  if (limit.records === undefined && limit.seconds === undefined) throw new CosmoError("BAD_REQUEST", "generation needs a number of records or seconds");
  const rates = options.muonRateHz + options.noiseRateHz + options.ancillaryRateHz + options.noisyChannels.reduce((a, c) => a + c.rateHz, 0);
  if (rates === 0 && limit.seconds === undefined) throw new CosmoError("BAD_REQUEST", "every rate is 0: no number of records can be reached");
  const generator = new WordGenerator(detector, options, limit.seconds === undefined ? Number.POSITIVE_INFINITY : limit.seconds * UNITS_PER_SECOND);
  let left = limit.records ?? Number.POSITIVE_INFINITY;
  let batch: GeneratedWord[] = [];
  while (left > 0) {
    const slice = generator.nextSlice();
    if (!slice) break;
    for (const w of slice) {
      if (limit.keep && !limit.keep(w)) continue;
      batch.push(w);
      if (--left === 0) break;
    }
    if (batch.length >= BATCH_WORDS) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** The same, as an async iterator for stream consumers. */
export async function* generateWords(detector: DetectorConfig, options: GeneratorOptions, limit: GenerationLimit): AsyncGenerator<GeneratedWord[]> {
  yield* generateBatches(detector, options, limit);
}

/** Text lines (without header or newline), one per word. */
export async function* generateTextLines(detector: DetectorConfig, options: GeneratorOptions, limit: GenerationLimit): AsyncGenerator<string> {
  for (const batch of generateBatches(detector, options, limit)) yield* encodeWords(batch, "txt").toString("latin1").split("\n").slice(0, -1);
}
