import type { DetectorConfig } from "@/lib/detector/config";
import { formatOfPathOrThrow, scanStream } from "@/lib/detector/scan";
import { WindowAccumulator } from "@/lib/detector/window-stats";
import { listObjects } from "@/lib/buffer/list-objects";
import { objectChunks } from "@/lib/buffer/object-chunks";
import type { ResultMessage } from "@/lib/results/schema";

/**
 * The TypeScript reference statistics of everything under a bucket prefix,
 * object by object in the buffer's key order: what a run over that prefix
 * must store, window by window.
 */
export async function referenceStatsOfPrefix(bucket: string, prefix: string, config: DetectorConfig, runId: string): Promise<ResultMessage[]> {
  const acc = new WindowAccumulator(config, runId);
  for (const object of await listObjects(bucket, prefix)) {
    await scanStream(objectChunks(bucket, object.key, 0, object.size), formatOfPathOrThrow(object.key), (parsed) => acc.add(parsed));
  }
  return acc.results();
}
