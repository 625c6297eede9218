import { z } from "zod";
import { getTopicEndsOrThrow, kafkaBrokersOf } from "@/lib/clusters/cluster-kafka";
import { getClusterOrThrow } from "@/lib/clusters/get-cluster-or-throw";
import type { PartitionEnds } from "@/lib/kafka/group-lag";
import { newestFirst, type TailMessage } from "@/lib/kafka/message-preview";
import { startTopicTail, type TopicTail } from "@/lib/kafka/topic-tail";
import { sseComment, sseEvent } from "@/lib/live/sse-frame";

export const tailQuerySchema = z.object({
  follow: z.stringbool().default(true).describe("false (0): answer the last messages as JSON and end; true (1, default): a server-sent event stream"),
  last: z.coerce.number().int().min(0).max(500).default(20).describe("how many of the newest messages (over all partitions) come first"),
  fromBeginning: z.stringbool().default(false).describe("start at each partition's earliest offset instead (follow only)"),
});

export type TailQuery = z.infer<typeof tailQuerySchema>;

const KEEP_ALIVE_MS = 15_000;
/** Events a slow reader may have queued before newer messages are dropped (and counted): a tail is a preview. */
const QUEUED_EVENTS = 500;
/** follow=0: the last messages are those read once the consumer has been idle this long, or at this deadline. */
const IDLE_MS = 1500;
const LAST_DEADLINE_MS = 10_000;

/** Per partition, `last` back from its end (not before its earliest). */
const startOffsets = (ends: PartitionEnds[], last: number, fromBeginning: boolean) =>
  ends.map((p) => ({ partition: p.partition, offset: String(fromBeginning ? Number(p.low) : Math.max(Number(p.low), Number(p.high) - last)) }));

/**
 * The last `last` messages of a topic (over all partitions, oldest first; of
 * messages with one timestamp, the higher partition and offset count as newer):
 * read from `last` before each partition's end up to where it was when asked.
 */
export async function lastTopicMessages(clusterName: string, topic: string, last: number): Promise<TailMessage[]> {
  const cluster = await getClusterOrThrow(clusterName);
  const brokers = kafkaBrokersOf(cluster.spec);
  const ends = await getTopicEndsOrThrow(brokers, cluster.name, topic);
  const pending = new Map(ends.filter((p) => Number(p.high) > Math.max(Number(p.low), Number(p.high) - last)).map((p) => [p.partition, Number(p.high)]));
  if (last === 0 || pending.size === 0) return [];
  const messages: TailMessage[] = [];
  let settle!: () => void;
  const done = new Promise<void>((resolve) => (settle = resolve));
  // Transaction markers hold the last offsets of a transactional topic, so "at the end" is also "nothing more for a while".
  let idle = setTimeout(settle, LAST_DEADLINE_MS);
  const tail = await startTopicTail({
    brokers,
    topic,
    start: startOffsets(ends, last, false),
    onReady: () => {
      clearTimeout(idle);
      idle = setTimeout(settle, IDLE_MS);
    },
    onMessage: (m) => {
      const end = pending.get(m.partition);
      if (end === undefined || Number(m.offset) >= end) return;
      messages.push(m);
      if (Number(m.offset) >= end - 1) pending.delete(m.partition);
      clearTimeout(idle);
      if (pending.size === 0) settle();
      else idle = setTimeout(settle, IDLE_MS);
    },
    onError: settle,
  });
  const deadline = setTimeout(settle, LAST_DEADLINE_MS);
  try {
    await done;
  } finally {
    clearTimeout(idle);
    clearTimeout(deadline);
    await tail.stop();
  }
  return messages.sort(newestFirst).slice(0, last).reverse();
}

/**
 * A topic's messages as server-sent events: `ready` once the consumer reads
 * (with the partitions), `message` per message (the newest `last` first, or
 * all from the earliest), `dropped` when a slow reader missed some, `error`
 * when Kafka went away (the stream then ends), and keep-alive comments.
 * The consumer and its group go when `signal` aborts or the reader cancels.
 */
export async function openTopicTail(clusterName: string, topic: string, query: TailQuery, signal: AbortSignal): Promise<ReadableStream<Uint8Array>> {
  const cluster = await getClusterOrThrow(clusterName);
  const brokers = kafkaBrokersOf(cluster.spec);
  const ends = await getTopicEndsOrThrow(brokers, cluster.name, topic);
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let dropped = 0;
  // Set once the consumer runs; close() may come before (a reader leaving while it joins).
  const running: { tail?: TopicTail; keepAlive?: NodeJS.Timeout } = {};
  const send = (chunk: string) => {
    if (!closed) controller.enqueue(encoder.encode(chunk));
  };
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(running.keepAlive);
    void running.tail?.stop();
    try {
      controller.close();
    } catch {
      // Already closed by a cancel.
    }
  };
  const readable = new ReadableStream<Uint8Array>(
    {
      start: (c) => {
        controller = c;
      },
      cancel: close,
    },
    { highWaterMark: QUEUED_EVENTS, size: () => 1 },
  );
  running.tail = await startTopicTail({
    brokers,
    topic,
    start: startOffsets(ends, query.last, query.fromBeginning),
    onReady: () => send(sseEvent("ready", { topic, partitions: ends.map((p) => p.partition) })),
    onMessage: (m) => {
      if (closed) return;
      if ((controller.desiredSize ?? 0) <= 0) {
        dropped++;
        return;
      }
      if (dropped) {
        send(sseEvent("dropped", { messages: dropped }));
        dropped = 0;
      }
      send(sseEvent("message", m));
    },
    onError: (message) => {
      send(sseEvent("error", { message }));
      close();
    },
  });
  // A reader that left while the consumer was joining: close() could not stop it then.
  if (closed) void running.tail.stop();
  else running.keepAlive = setInterval(() => send(sseComment("keep-alive")), KEEP_ALIVE_MS);
  if (signal.aborted) close();
  else signal.addEventListener("abort", close, { once: true });
  return readable;
}
