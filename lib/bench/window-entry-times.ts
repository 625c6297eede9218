import type { Consumer } from "kafkajs";
import type { DetectorConfig } from "@/lib/detector/config";
import { parseTextLine } from "@/lib/detector/parse-text";
import { kafkaClient } from "@/lib/kafka/client";

/**
 * When each window's last record entered Kafka: reads the hits topic as Spark
 * does (read_committed, from the beginning) and keeps, per window, the latest
 * timestamp of a message holding one of its records. The buffer's messages
 * carry CreateTime, the moment it sent them inside its transaction, a few
 * milliseconds before the commit makes them readable.
 */
export class WindowEntryTimes {
  /** Window -> ms since the epoch. */
  readonly lastEntry = new Map<number, number>();

  private constructor(private readonly consumer: Consumer) {}

  static async start(topic: string, groupId: string, config: DetectorConfig): Promise<WindowEntryTimes> {
    const consumer = kafkaClient("cosmo-bench-window-entry").consumer({ groupId, maxWaitTimeInMs: 100 });
    const times = new WindowEntryTimes(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        if (!message.value) return;
        const at = Number(message.timestamp);
        for (const line of message.value.toString("latin1").split("\n")) {
          const parsed = parseTextLine(line);
          const orbit = parsed.kind === "record" ? parsed.record.orbit : parsed.kind === "invalid" ? parsed.orbit : -1;
          if (orbit < 0) continue;
          const window = Math.floor(orbit / config.orbitsPerWindow);
          times.lastEntry.set(window, Math.max(at, times.lastEntry.get(window) ?? 0));
        }
      },
    });
    return times;
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect().catch(() => {});
  }
}
