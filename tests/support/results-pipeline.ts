import { setTimeout as sleep } from "node:timers/promises";
import { db } from "@/lib/db";
import { deleteTopics, ensureTopics } from "@/lib/kafka/topics";
import { spawnWorker, type WorkerProcess } from "@/lib/pipeline/worker-process";
import { ResultsProducer } from "@/lib/results/produce-results";
import type { ResultMessage, WindowResult } from "@/lib/results/schema";
import { migrate } from "@/lib/runtime/migrate";
import { kafka } from "@/lib/runtime/services/kafka";
import { postgres } from "@/lib/runtime/services/postgres";

export async function until(what: string, ok: () => Promise<boolean>, timeoutMs = 60_000, detail = () => ""): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await sleep(50);
  }
}

/**
 * The back half of the data plane, as it runs for real: a results topic of
 * its own and the results consumer worker storing what is produced to it,
 * in place of the Spark job's messages.
 */
export class ResultsPipeline {
  private constructor(
    readonly topic: string,
    private readonly producer: ResultsProducer,
    private readonly consumer: WorkerProcess,
  ) {}

  static async start(name: string): Promise<ResultsPipeline> {
    await postgres.start(() => {});
    await migrate();
    await kafka.start(() => {});
    const topic = `cosmo-test-${name}`;
    await ensureTopics([{ name: topic, partitions: 1, retentionMs: 3_600_000 }]);
    const producer = await ResultsProducer.connect(`cosmo-test-${name}`);
    return new ResultsPipeline(topic, producer, spawnWorker("consumer", ["--topic", topic, "--group-id", `cosmo-test-${name}`]));
  }

  /** Produces the windows and waits until the consumer has stored `expectedTotal` windows of their run. */
  async store(runId: string, windows: WindowResult[], expectedTotal?: number): Promise<void> {
    const target = expectedTotal ?? (await db.runWindow.count({ where: { runId } })) + windows.length;
    await this.producer.send(this.topic, windows);
    await until(`${target} windows of run ${runId} stored`, async () => (await db.runWindow.count({ where: { runId } })) >= target, 180_000, () =>
      this.consumer.output().slice(-2000),
    );
  }

  /** What the consumer worker printed so far, for a test's failure message. */
  consumerOutput(): string {
    return this.consumer.output();
  }

  /** Produces without waiting: a window sent again updates the stored one. */
  send(messages: ResultMessage[]): Promise<void> {
    return this.producer.send(this.topic, messages);
  }

  async stop(): Promise<void> {
    this.consumer.signal("SIGTERM");
    await this.consumer.exited;
    await this.producer.disconnect();
    await deleteTopics([this.topic]).catch(() => {});
  }
}
