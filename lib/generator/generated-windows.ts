import type { DetectorConfig } from "@/lib/detector/config";
import { createScanner } from "@/lib/detector/scan";
import { WindowAccumulator } from "@/lib/detector/window-stats";
import { encodeWords } from "@/lib/generator/encode";
import { generatorOptionsSchema, type GeneratorOptionsInput } from "@/lib/generator/options";
import { generateBatches } from "@/lib/generator/stream";
import type { WindowResult } from "@/lib/results/schema";

/**
 * The reference statistics of `seconds` of generated detector data, window by
 * window, as the Spark job would send them for run `runId`: realistic windows
 * without the pipeline, for the live view's tests and benchmark.
 */
export function generatedWindows(detector: DetectorConfig, options: GeneratorOptionsInput, seconds: number, runId: string): WindowResult[] {
  const acc = new WindowAccumulator(detector, runId);
  const scanner = createScanner("txt", (p) => acc.add(p));
  for (const batch of generateBatches(detector, generatorOptionsSchema.parse(options), { seconds })) scanner.push(encodeWords(batch, "txt"));
  scanner.end();
  return acc.windowResults();
}
