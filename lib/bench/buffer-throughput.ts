import { bufferInputSchema } from "@/lib/buffer/buffer-input";
import { runBuffer } from "@/lib/buffer/run-buffer";
import { createBenchRun } from "@/lib/bench/bench-run";
import type { BenchData } from "@/lib/bench/bench-data";
import type { Progress } from "@/lib/runtime/service";

export interface BufferThroughput {
  how: string;
  /** Lines sent: every record plus the object's header line (the buffer forwards lines as they are). */
  records: number;
  messages: number;
  seconds: number;
  recordsPerSecond: number;
}

/**
 * The buffer alone at rate 0: one real-sized object from S3 into a fresh
 * topic, exactly as the worker does it. In-process, so that the wall time is
 * the replay's (listing, S3 reads, line cutting, transactions) and not a tsx
 * process start-up.
 */
export async function measureBufferThroughput(data: BenchData, progress: Progress): Promise<BufferThroughput> {
  const run = await createBenchRun("buffer throughput", data.bucket, data.firstObjectPrefix);
  const input = bufferInputSchema.parse({ runId: run.runId, bucket: run.bucket, prefix: run.prefix, topic: run.hitsTopic, rate: 0 });
  progress(`buffer at rate 0: ${data.firstObjectPrefix} -> ${run.hitsTopic}`);
  const t0 = performance.now();
  const result = await runBuffer(input, { signal: new AbortController().signal, log: (m) => progress(`buffer: ${m}`) });
  const seconds = (performance.now() - t0) / 1000;
  return {
    how: "in-process runBuffer (the buffer worker's handler), rate 0, 256 KiB messages",
    records: result.recordsSent,
    messages: result.messagesSent,
    seconds,
    recordsPerSecond: result.recordsSent / seconds,
  };
}
