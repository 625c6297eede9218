import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { logLevel } from "kafkajs";
import { TEXT_HEADER } from "@/lib/detector/parse-text";
import { kafkaClient } from "@/lib/kafka/client";
import { statsCheckpointBase } from "@/lib/spark/stats-job";

/** Offsets per partition, as Spark writes them (`{ topic: { "0": 72, "1": 74 } }`). */
type SourceOffsets = Record<string, Record<string, number>>;

// Reading the unread hits ends here even if a partition's last offsets are transaction markers never delivered.
const TAIL_READ_MS = 30_000;

/**
 * The hits topic offsets the Spark job has read and committed: those of the
 * last micro-batch its checkpoint marks done (Spark's own layout:
 * offsets/<batch> holds the batch's end offsets, commits/<batch>
 * says it completed). Null when the job never completed a batch.
 */
export async function committedHitsOffsets(runId: string, checkpointBase = statsCheckpointBase()): Promise<SourceOffsets | null> {
  const dir = path.join(checkpointBase, runId);
  const batches = await readdir(path.join(dir, "commits")).catch(() => [] as string[]);
  const last = Math.max(-1, ...batches.filter((b) => /^\d+$/.test(b)).map(Number));
  if (last < 0) return null;
  // Line 1 is the format version, line 2 the batch's metadata, then one line per source: the job reads
  // each partition as its own source, so a topic's offsets are the union of those lines ("-" = none yet).
  const [, , ...sources] = (await readFile(path.join(dir, "offsets", String(last)), "utf8")).trim().split("\n");
  const merged: SourceOffsets = {};
  for (const line of sources.filter((l) => l.startsWith("{"))) {
    for (const [topic, partitions] of Object.entries(JSON.parse(line) as SourceOffsets)) Object.assign((merged[topic] ??= {}), partitions);
  }
  return merged;
}

/**
 * Records in the hits messages the Spark job has not read: those at or past
 * its committed offsets (header lines of text objects left out, as the
 * buffer's sent count leaves them out). Progress messages only carry the lag
 * in offsets, which count transaction markers and messages of many records;
 * the messages' `records` header is the exact count. Read committed, like
 * the job. Null when the tail could not be read to its end in time.
 */
export async function recordsUnread(brokers: string[], committed: SourceOffsets): Promise<number | null> {
  const [topic, from] = Object.entries(committed)[0] ?? [];
  if (!topic || !from) return 0;
  const kafka = kafkaClient("cosmo-accounting", brokers, { connectionTimeout: 3000, retry: { retries: 2 }, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect().catch(() => {}));
  const start = (p: number) => Number(from[String(p)] ?? 0);
  const open = new Map(ends.filter((e) => Number(e.high) > start(e.partition)).map((e) => [e.partition, Number(e.high)]));
  if (open.size === 0) return 0;
  let unread = 0;
  const consumer = kafka.consumer({ groupId: `cosmo-accounting-${crypto.randomUUID()}`, readUncommitted: false });
  await consumer.connect();
  try {
    let finish!: () => void;
    const finished = new Promise<void>((resolve) => (finish = resolve));
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        for (const m of batch.messages) {
          if (Number(m.offset) < start(batch.partition)) continue;
          const header = (name: string) => m.headers?.[name]?.toString();
          unread += Number(header("records") ?? 0);
          if (header("start") === "0" && header("object")?.endsWith(".txt") && m.value?.subarray(0, TEXT_HEADER.length).toString() === TEXT_HEADER) unread--;
        }
        if (Number(batch.highWatermark) - 1 <= Number(batch.lastOffset())) open.delete(batch.partition);
        if (open.size === 0) finish();
      },
    });
    for (const p of open.keys()) consumer.seek({ topic, partition: p, offset: String(start(p)) });
    await Promise.race([finished, new Promise((resolve) => setTimeout(resolve, TAIL_READ_MS).unref())]);
    return open.size === 0 ? unread : null;
  } finally {
    await consumer.disconnect().catch(() => {});
  }
}
