import { Kafka, logLevel } from "kafkajs";
import { CosmoError } from "@/lib/errors";

/**
 * Healthy means the brokers answer a metadata request with a controller and
 * at least `expected` live brokers (a quorum's fenced brokers are not listed),
 * not merely that a port is open.
 */
export async function brokersReady(brokers: string[], expected = 1): Promise<boolean> {
  const admin = new Kafka({
    clientId: "cosmo-probe",
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length >= expected && cluster.controller !== null;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * A fresh cluster creates its group and transaction coordinators (the
 * __consumer_offsets and __transaction_state topics) on first use, and until
 * then answers NOT_COORDINATOR, which kafkajs' admin does not retry. Using
 * both once here means "ready" includes them.
 */
export async function coordinatorsReady(brokers: string[]): Promise<boolean> {
  // An idempotent producer insists on retries; the caller's waitUntil does the outer retrying.
  const client = new Kafka({ clientId: "cosmo-probe", brokers, logLevel: logLevel.NOTHING, retry: { retries: 2, initialRetryTime: 100 } });
  const admin = client.admin();
  const producer = client.producer({ transactionalId: "cosmo-readiness-probe", idempotent: true, maxInFlightRequests: 1 });
  try {
    await admin.connect();
    await admin.describeGroups(["cosmo-readiness-probe"]);
    await producer.connect();
    const txn = await producer.transaction();
    await txn.abort();
    return true;
  } finally {
    await producer.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Waits until `expected` brokers of a quorum are live and the coordinators
 * answer: the brokers start one by one, and none serves before a majority of
 * controllers has elected a leader.
 */
export async function waitForKafkaQuorum(brokers: string[], expected: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = (await brokersReady(brokers, expected).catch(() => false)) && (await coordinatorsReady(brokers).catch(() => false));
    if (ready) return;
    if (Date.now() > deadline) throw new CosmoError("SERVICE_UNAVAILABLE", `Kafka: ${expected} brokers at ${brokers.join(",")} did not form a quorum within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
