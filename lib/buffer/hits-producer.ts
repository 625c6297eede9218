import { Partitioners, type Admin, type Message, type PartitionOffset, type Producer } from "kafkajs";
import { decodeCursor, encodeCursor, type BufferCursor } from "@/lib/buffer/buffer-cursor";
import { kafkaClient } from "@/lib/kafka/client";
import { CosmoError } from "@/lib/errors";

/**
 * The buffer's position is committed as consumer-group offset metadata inside
 * the same Kafka transaction as the messages it accounts for: either both are
 * visible or neither. The group never consumes; it only holds that cursor.
 */
export const cursorGroupId = (runId: string) => `cosmo-buffer-${runId}`;
export const transactionalIdFor = (runId: string) => `cosmo-buffer-${runId}`;

/** A transactional producer for one run's buffer: one instance per run may write, newer ones fence older ones. */
export class HitsProducer {
  private constructor(
    private readonly producer: Producer,
    private readonly admin: Admin,
    private readonly runId: string,
    private readonly topic: string,
    readonly partitions: number,
  ) {}

  /** Connects and fences any earlier instance of this run's buffer, aborting its open transaction. */
  static async open(runId: string, topic: string): Promise<HitsProducer> {
    const kafka = kafkaClient(`cosmo-buffer-${runId}`);
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer({
      transactionalId: transactionalIdFor(runId),
      idempotent: true,
      maxInFlightRequests: 1,
      // Messages carry their partition; this only silences kafkajs' partitioner notice.
      createPartitioner: Partitioners.DefaultPartitioner,
      // Right after a commit the coordinator is still writing markers and answers the next
      // transaction with CONCURRENT_TRANSACTIONS for a few ms; kafkajs' 300 ms first retry would
      // stall the stream. Unlimited retries are kafkajs' own default for an idempotent producer.
      retry: { initialRetryTime: 20, maxRetryTime: 5_000, retries: Number.MAX_SAFE_INTEGER },
    });
    try {
      if (!(await admin.listTopics()).includes(topic)) throw new CosmoError("NOT_FOUND", `Kafka topic ${topic} does not exist`);
      const meta = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = meta.topics[0]?.partitions.length ?? 0;
      if (partitions < 1) throw new CosmoError("SERVICE_UNAVAILABLE", `Kafka topic ${topic} has no partitions`);
      await producer.connect();
      // kafkajs sends InitProducerId on the first transaction: that is what fences a
      // zombie and makes the coordinator abort its open transaction, so do it now,
      // before the committed cursor is read.
      await (await producer.transaction()).abort();
      return new HitsProducer(producer, admin, runId, topic, partitions);
    } catch (error) {
      await producer.disconnect().catch(() => {});
      await admin.disconnect().catch(() => {});
      throw error;
    }
  }

  /** The cursor of the last committed transaction; null before the first. */
  async committedCursor(): Promise<BufferCursor | null> {
    const offsets = await this.admin.fetchOffsets({ groupId: cursorGroupId(this.runId), topics: [this.topic] });
    const partition = offsets[0]?.partitions.find((p) => p.partition === 0);
    return decodeCursor(partition?.metadata);
  }

  /** Sends the messages and the cursor after them as one transaction. */
  async commit(messages: (Message & { partition: number })[], cursor: BufferCursor): Promise<void> {
    const txn = await this.producer.transaction();
    try {
      for (let i = 0; i < messages.length; i += this.partitions) {
        await txn.send({ topic: this.topic, acks: -1, messages: messages.slice(i, i + this.partitions) });
      }
      const position: PartitionOffset & { metadata: string } = { partition: 0, offset: String(cursor.seq), metadata: encodeCursor(cursor) };
      await txn.sendOffsets({ consumerGroupId: cursorGroupId(this.runId), topics: [{ topic: this.topic, partitions: [position] }] });
      await txn.commit();
    } catch (error) {
      // A fenced producer cannot abort; the coordinator does it for the newer instance.
      await txn.abort().catch(() => {});
      if (isFenced(error)) {
        throw new CosmoError("CONFLICT", `another buffer took over run ${this.runId}`, { cause: error });
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.producer.disconnect().catch(() => {});
    await this.admin.disconnect().catch(() => {});
  }
}

/**
 * kafkajs wraps protocol errors in retry errors: look a few levels down.
 * Kafka 4 answers a fenced producer with PRODUCER_FENCED (code 90), which
 * kafkajs 2.2.4 predates: it only says "Unknown error code 90".
 */
function isFenced(error: unknown): boolean {
  let e = error as { type?: string; message?: string; originalError?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++, e = (e.originalError ?? e.cause) as typeof e) {
    if (e.type === "INVALID_PRODUCER_EPOCH" || e.type === "PRODUCER_FENCED") return true;
    if (e.type === "KAFKAJS_UNKNOWN_ERROR_CODE" && /\bcode 90\b/.test(e.message ?? "")) return true;
  }
  return false;
}
