import type { Admin } from "kafkajs";
import type { BenchPipeline } from "@/lib/bench/pipeline";
import { readSparkProgress } from "@/lib/bench/spark-progress";
import { getBufferProgress } from "@/lib/buffer/get-buffer-progress";
import { db } from "@/lib/db";
import { kafkaClient } from "@/lib/kafka/client";

/** The pipeline's state at one moment. */
export interface PipelineSample {
  /** Seconds since the sampler started. */
  t: number;
  /** The same moment, ms since the epoch (Spark's progress uses that clock). */
  at: number;
  /** Records the buffer has committed to the hits topic. */
  bufferRecords: number;
  /** The hits topic's end offsets, summed over partitions. */
  endOffset: number;
  /** Sum of RunWindow.records: records whose windows are in PostgreSQL. */
  storedRecords: number;
  /** Hits topic end offsets minus the offsets Spark's last finished batch read up to. */
  sparkLagOffsets: number;
  /**
   * The topic's average records per offset, to turn offsets into records
   * (offsets also count the marker each transaction commit leaves per partition).
   */
  recordsPerOffset: number;
  /** The lag in records, at that average. */
  sparkLagRecords: number;
  /** Micro-batches finished so far. */
  batches: number;
}

/** Samples a running pipeline; the Kafka admin connection is its own. */
export class PipelineSampler {
  readonly samples: PipelineSample[] = [];
  private readonly t0 = performance.now();

  private constructor(
    private readonly pipeline: BenchPipeline,
    private readonly admin: Admin,
  ) {}

  static async open(pipeline: BenchPipeline): Promise<PipelineSampler> {
    const admin = kafkaClient("cosmo-bench-sampler").admin();
    await admin.connect();
    return new PipelineSampler(pipeline, admin);
  }

  /** Throws instead when a process of the pipeline has died. */
  async sample(): Promise<PipelineSample> {
    this.pipeline.assertAlive();
    const { runId, hitsTopic } = this.pipeline.run;
    const [buffer, stored, offsets] = await Promise.all([
      getBufferProgress(runId),
      db.runWindow.aggregate({ where: { runId }, _sum: { records: true } }),
      this.admin.fetchTopicOffsets(hitsTopic),
    ]);
    const end = offsets.reduce((sum, p) => sum + Number(p.high), 0);
    const batches = readSparkProgress(this.pipeline.progressLog);
    const processed = batches.at(-1)?.endOffset ?? 0;
    const lagOffsets = Math.max(0, end - processed);
    const recordsPerOffset = end > 0 ? buffer.recordsSent / end : 0;
    const sample: PipelineSample = {
      t: (performance.now() - this.t0) / 1000,
      at: Date.now(),
      bufferRecords: buffer.recordsSent,
      endOffset: end,
      storedRecords: stored._sum.records ?? 0,
      sparkLagOffsets: lagOffsets,
      recordsPerOffset,
      sparkLagRecords: Math.round(lagOffsets * recordsPerOffset),
      batches: batches.length,
    };
    this.samples.push(sample);
    return sample;
  }

  async close(): Promise<void> {
    await this.admin.disconnect().catch(() => {});
  }
}
