import { ensureTopics } from "@/lib/kafka/topics";
import { runHitsTopic } from "@/lib/pipeline/topics";
import { createRun } from "@/lib/runs/create-run";

export interface BenchRun {
  runId: string;
  bucket: string;
  prefix: string;
  hitsTopic: string;
}

/** A new run with its own, empty hits topic: each measurement starts from nothing. */
export async function createBenchRun(name: string, bucket: string, prefix: string): Promise<BenchRun> {
  const run = await createRun({ name: `bench: ${name}`, source: { bucket, prefix } });
  const hits = runHitsTopic(run.id);
  await ensureTopics([hits]);
  return { runId: run.id, bucket, prefix, hitsTopic: hits.name };
}
