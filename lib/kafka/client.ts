import { Kafka, type KafkaConfig, logLevel, type logCreator } from "kafkajs";
import { kafkaBrokers } from "@/lib/runtime/services/kafka";

// kafkajs logs every error response at ERROR before retrying it ("coordinator is loading" on a
// fresh broker is routine); failures that survive the retries reach the caller as exceptions.
// CONCURRENT_TRANSACTIONS is one of those: right after a commit the coordinator is still writing
// its markers and turns the next transaction's first send away for a few ms; the producer logs
// "Failed to send messages: ... concurrent operation on the same transaction" and sends again.
const retriedResponse = (namespace: string, message: string) =>
  (namespace === "Connection" && message.startsWith("Response ")) ||
  (namespace === "Producer" && message.includes("another concurrent operation on the same transaction"));

const quietLogs: logCreator =
  () =>
  ({ namespace, level, label, log }) => {
    if (retriedResponse(namespace, String(log.message))) return;
    const { message, timestamp: _t, logger: _l, ...extra } = log;
    const line = `kafkajs ${label} [${namespace}] ${message} ${JSON.stringify(extra)}`;
    if (level === logLevel.ERROR) console.error(line);
    else console.warn(line);
  };

/** A kafkajs client (COSMO's own broker unless told otherwise); only warnings and errors reach the console. */
export function kafkaClient(clientId: string, brokers: string[] = kafkaBrokers(), config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.WARN, logCreator: quietLogs, ...config });
}
