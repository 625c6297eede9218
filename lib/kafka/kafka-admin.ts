import { type Admin, logLevel } from "kafkajs";
import { kafkaClient } from "@/lib/kafka/client";
import { CosmoError } from "@/lib/errors";

/** Longest a page or a CLI waits for Kafka's answer before it is told the brokers do not answer. */
export const KAFKA_ANSWER_MS = 15_000;

export const unreachable = (brokers: string[], cause?: unknown) =>
  new CosmoError("SERVICE_UNAVAILABLE", `no Kafka broker answers at ${brokers.join(", ")}`, { cause });

/**
 * Runs `task` with an admin client of `brokers`, connected with short timeouts
 * and one retry so an unreachable broker answers 503 (naming the brokers
 * tried) in seconds; the whole call is bounded by KAFKA_ANSWER_MS. CosmoErrors
 * of `task` pass through as they are.
 */
export async function withKafkaAdmin<T>(brokers: string[], task: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafkaClient("cosmo-kafka-view", brokers, {
    connectionTimeout: 2000,
    requestTimeout: 8000,
    retry: { retries: 1, initialRetryTime: 300 },
    // An unreachable broker is the answer here, not a log line per attempt.
    logLevel: logLevel.NOTHING,
  }).admin();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CosmoError("SERVICE_UNAVAILABLE", `Kafka at ${brokers.join(", ")} did not answer within ${KAFKA_ANSWER_MS / 1000} s`)), KAFKA_ANSWER_MS);
  });
  const work = (async () => {
    try {
      await admin.connect();
    } catch (error) {
      throw unreachable(brokers, error);
    }
    try {
      return await task(admin);
    } catch (error) {
      if (error instanceof CosmoError) throw error;
      const name = (error as Error).name ?? "";
      if (/Connection|NumberOfRetriesExceeded|BrokerNotFound/.test(name)) throw unreachable(brokers, error);
      throw error;
    }
  })();
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    // The race may have left `work` running; its rejection is already reported.
    work.catch(() => {});
    await admin.disconnect().catch(() => {});
  }
}
