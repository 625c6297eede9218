import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Kafka, logLevel } from "kafkajs";
import { env } from "@/lib/env";
import { fetchJars } from "@/lib/runtime/maven";
import { cacheDir, privateDir, serviceDir } from "@/lib/runtime/paths";
import { javaBin, requireJava } from "@/lib/runtime/prerequisites";
import { assertPortFree, isAlive, readPid, run, spawnDaemon, stopDaemon, waitUntil } from "@/lib/runtime/process";
import { daemonStatus, type Service } from "@/lib/runtime/service";

// 4.x: kafkajs 2.2.4 and Spark's connector pass against it (docs/kafka.md says what was tested).
export const KAFKA_VERSION = "4.4.0";
// The version of log4j-core that Kafka's pom brings; its SLF4J binding must match it.
const LOG4J2_VERSION = "2.25.5";

const jarDir = () => cacheDir(`kafka-${KAFKA_VERSION}`);
const dataDir = () => serviceDir("kafka", "data");
const propsFile = () => serviceDir("kafka", "server.properties");
const log4jFile = () => serviceDir("kafka", "log4j2.xml");

export function kafkaBrokers(): string[] {
  return env.COSMO_KAFKA_BOOTSTRAP?.split(",") ?? [`${env.COSMO_HOST}:${env.COSMO_KAFKA_PORT}`];
}

function serverProperties(): string {
  const host = env.COSMO_HOST;
  const props: Record<string, string | number> = {
    "process.roles": "broker,controller",
    "node.id": 1,
    "controller.quorum.voters": `1@${host}:${env.COSMO_KAFKA_CONTROLLER_PORT}`,
    listeners: `PLAINTEXT://${host}:${env.COSMO_KAFKA_PORT},CONTROLLER://${host}:${env.COSMO_KAFKA_CONTROLLER_PORT}`,
    "advertised.listeners": `PLAINTEXT://${host}:${env.COSMO_KAFKA_PORT}`,
    "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "log.dirs": dataDir(),
    "offsets.topic.replication.factor": 1,
    "transaction.state.log.replication.factor": 1,
    "transaction.state.log.min.isr": 1,
    // A single consumer should not wait 3 s for peers that never come.
    "group.initial.rebalance.delay.ms": 0,
    "num.partitions": 2,
    // Topics are created explicitly (lib/kafka/topics.ts) with their retention.
    "auto.create.topics.enable": "false",
  };
  return Object.entries(props).map(([k, v]) => `${k}=${v}`).join("\n") + "\n";
}

// Everything to stdout, which spawnDaemon appends to the service's log file.
// Kafka 4 logs through log4j2; XML needs no parser beyond the JDK's.
const QUIET_LOGGERS = [
  "state.change.logger",
  "kafka.request.logger",
  "kafka.controller",
  "kafka.log.LogCleaner",
  "org.apache.kafka.clients",
  // Config dumps are hundreds of lines per start; unknown-key warnings still show.
  "org.apache.kafka.common.config",
  "kafka.server.KafkaConfig",
];
const LOG4J2 = `<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Appenders>
    <Console name="stdout" target="SYSTEM_OUT"><PatternLayout pattern="[%d] %p %m (%c)%n"/></Console>
  </Appenders>
  <Loggers>
    <Root level="INFO"><AppenderRef ref="stdout"/></Root>
${QUIET_LOGGERS.map((name) => `    <Logger name="${name}" level="WARN"/>`).join("\n")}
  </Loggers>
</Configuration>
`;

/** Kafka's Uuid text form: 16 random bytes, base64url, no padding, not starting with "-". */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

const javaArgs = (mainClass: string, ...args: string[]) => [
  "-Xms256m",
  "-Xmx1g",
  "-XX:+UseG1GC",
  "-XX:MaxGCPauseMillis=20",
  "-Djava.awt.headless=true",
  `-Dlog4j2.configurationFile=${log4jFile()}`,
  "-cp",
  path.join(jarDir(), "*"),
  mainClass,
  ...args,
];

/** Healthy means the broker answers a metadata request, not merely that its port is open. */
async function brokerReady(): Promise<boolean> {
  const admin = new Kafka({
    clientId: "cosmo-probe",
    brokers: kafkaBrokers(),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * A fresh broker creates its group and transaction coordinators (the
 * __consumer_offsets and __transaction_state topics) on first use, and until
 * then answers NOT_COORDINATOR, which kafkajs' admin does not retry. Using
 * both once here means "ready" includes them.
 */
async function coordinatorsReady(): Promise<boolean> {
  // An idempotent producer insists on retries; waitUntil does the outer retrying.
  const client = new Kafka({ clientId: "cosmo-probe", brokers: kafkaBrokers(), logLevel: logLevel.NOTHING, retry: { retries: 2, initialRetryTime: 100 } });
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

export const kafka: Service = {
  name: "kafka",
  description: "Apache Kafka broker (KRaft, single node)",
  version: KAFKA_VERSION,

  async install(progress) {
    progress(`Kafka ${KAFKA_VERSION} jars (fetched from Maven Central the first time)`);
    await fetchJars(jarDir(), [
      { groupId: "org.apache.kafka", artifactId: "kafka_2.13", version: KAFKA_VERSION },
      // Kafka's pom leaves the SLF4J binding to the distribution; without it the broker logs nothing.
      // log4j-slf4j-impl binds SLF4J 1.7 (what Kafka's pom brings) to log4j2.
      { groupId: "org.apache.logging.log4j", artifactId: "log4j-slf4j-impl", version: LOG4J2_VERSION },
    ]);
  },

  async start(progress) {
    const running = readPid("kafka");
    if (isAlive(running)) {
      // Possibly still starting from another call: wait for it rather than spawn a second one.
      await waitUntil(brokerReady, { service: "kafka", what: "broker to answer", pid: running, timeoutMs: 90_000 });
      return;
    }
    await requireJava();
    await assertPortFree(env.COSMO_HOST, env.COSMO_KAFKA_PORT, "kafka");
    await assertPortFree(env.COSMO_HOST, env.COSMO_KAFKA_CONTROLLER_PORT, "kafka (controller)");
    // Kafka's log segments are the detector's data: the owner's only.
    privateDir(dataDir());
    fs.writeFileSync(propsFile(), serverProperties());
    fs.writeFileSync(log4jFile(), LOG4J2);
    if (!fs.existsSync(path.join(dataDir(), "meta.properties"))) {
      progress("formatting storage");
      await run(javaBin(), javaArgs("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", propsFile()));
    }
    progress(`starting broker on ${kafkaBrokers()[0]}`);
    const pid = spawnDaemon({ name: "kafka", command: javaBin(), args: javaArgs("kafka.Kafka", propsFile()), cwd: serviceDir("kafka") });
    await waitUntil(brokerReady, { service: "kafka", what: "broker to answer", pid, timeoutMs: 90_000 });
    await waitUntil(coordinatorsReady, { service: "kafka", what: "group and transaction coordinators", pid, timeoutMs: 90_000 });
    progress("ready");
  },

  async stop(progress) {
    if (await stopDaemon("kafka", { graceMs: 30_000 })) progress("stopped");
  },

  status() {
    return daemonStatus(
      { name: "kafka", version: KAFKA_VERSION, port: env.COSMO_KAFKA_PORT, url: `kafka://${kafkaBrokers()[0]}` },
      brokerReady,
    );
  },
};
