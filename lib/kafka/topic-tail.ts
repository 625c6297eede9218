import { logLevel } from "kafkajs";
import { CosmoError } from "@/lib/errors";
import { kafkaClient } from "@/lib/kafka/client";
import { withKafkaAdmin, unreachable } from "@/lib/kafka/kafka-admin";
import { tailMessageOf, type TailMessage } from "@/lib/kafka/message-preview";
import { isTailGroup, newTailGroupId } from "@/lib/kafka/tail-group";

/** Each tail is a consumer and a connection per broker: a server keeps at most this many at once. */
export const MAX_OPEN_TAILS = 16;
let openTails = 0;

export interface TopicTailOptions {
  brokers: string[];
  topic: string;
  /** Where each partition starts: the offsets read when the tail was asked for, so nothing produced since is missed. */
  start: { partition: number; offset: string }[];
  onMessage: (message: TailMessage) => void;
  /** The consumer joined its group: from now on messages arrive. */
  onReady?: () => void;
  /** The consumer gave up (brokers gone past kafkajs's retries); the tail is stopped. */
  onError?: (message: string) => void;
}

export interface TopicTail {
  groupId: string;
  /** Stops the consumer and deletes its group; safe to call more than once. */
  stop: () => Promise<void>;
}

/**
 * Deletes the tail's group (one that left a moment ago may still read as not
 * empty, so it is asked again), and any other tail group that is empty: left
 * by a server stopped mid-tail. A tail that reads is never empty, so no
 * other server's tail is touched.
 */
async function deleteTailGroup(brokers: string[], groupId: string): Promise<void> {
  await withKafkaAdmin(brokers, async (admin) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.deleteGroups([groupId]);
        break;
      } catch (error) {
        const codes = ((error as { groups?: { error?: { type?: string } }[] }).groups ?? []).map((g) => g.error?.type);
        if (codes.includes("GROUP_ID_NOT_FOUND")) break;
        if (attempt >= 10) throw error;
        await new Promise((r) => setTimeout(r, 300));
      }
    }
    const others = (await admin.listGroups()).groups.map((g) => g.groupId).filter((id) => isTailGroup(id) && id !== groupId);
    if (!others.length) return;
    const empty = (await admin.describeGroups(others)).groups.filter((g) => g.state === "Empty").map((g) => g.groupId);
    if (empty.length) await admin.deleteGroups(empty).catch(() => {});
  });
}

/**
 * The original's console consumer: a topic's messages from the given
 * offsets on, as they arrive, each as a bounded preview. Reads only what
 * producers committed and commits nothing; the group it joins is its own
 * and is deleted by stop().
 */
export async function startTopicTail(options: TopicTailOptions): Promise<TopicTail> {
  if (openTails >= MAX_OPEN_TAILS) throw new CosmoError("SERVICE_UNAVAILABLE", `${MAX_OPEN_TAILS} topic tails are open on this server already; close one and try again`);
  openTails++;
  const { brokers, topic } = options;
  const groupId = newTailGroupId();
  const consumer = kafkaClient("cosmo-tail", brokers, { connectionTimeout: 2000, retry: { retries: 2, initialRetryTime: 300 }, logLevel: logLevel.NOTHING }).consumer({
    groupId,
    maxWaitTimeInMs: 250,
    sessionTimeout: 10_000,
    heartbeatInterval: 3000,
    // A lost broker ends the tail (onError) instead of being retried without end behind a page.
    retry: { retries: 2, initialRetryTime: 300 },
  });
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await consumer.disconnect().catch(() => {});
      await deleteTailGroup(brokers, groupId).catch((error: unknown) => console.error(`could not delete the tail group ${groupId}:`, error));
      openTails--;
    })());
  try {
    await consumer.connect();
    await consumer.subscribe({ topic });
    consumer.on(consumer.events.GROUP_JOIN, () => options.onReady?.());
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return;
      options.onError?.(`the tail of ${topic} stopped: Kafka at ${brokers.join(", ")} no longer answers`);
      void stop();
    });
    await consumer.run({ autoCommit: false, eachMessage: async ({ partition, message }) => options.onMessage(tailMessageOf(partition, message)) });
    // Seeks made before the group is joined are kept and applied to the first fetch.
    for (const { partition, offset } of options.start) consumer.seek({ topic, partition, offset });
  } catch (error) {
    await stop();
    throw error instanceof CosmoError ? error : unreachable(brokers, error);
  }
  return { groupId, stop };
}
