import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { brokersReady, coordinatorsReady } from "@/lib/kafka/readiness";
import { fetchJars } from "@/lib/runtime/maven";
import { cacheDir, privateDir, serviceDir } from "@/lib/runtime/paths";
import { javaBin, requireJava } from "@/lib/runtime/prerequisites";
import { assertPortFree, isAlive, tcpReachable, readPid, run, spawnDaemon, stopDaemon, waitUntil } from "@/lib/runtime/process";
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

/** The controller quorum: every broker of the cluster, or this one alone. */
const voters = () => env.COSMO_KAFKA_VOTERS ?? `1@${env.COSMO_HOST}:${env.COSMO_KAFKA_CONTROLLER_PORT}`;
const quorumSize = () => voters().split(",").length;

function serverProperties(): string {
  const host = env.COSMO_HOST;
  // Three copies of the internal topics where there are three brokers: one may be lost.
  const replicas = Math.min(3, quorumSize());
  const minInsync = replicas >= 3 ? 2 : 1;
  const props: Record<string, string | number> = {
    "process.roles": "broker,controller",
    "node.id": env.COSMO_KAFKA_NODE_ID,
    "controller.quorum.voters": voters(),
    listeners: `PLAINTEXT://${host}:${env.COSMO_KAFKA_PORT},CONTROLLER://${host}:${env.COSMO_KAFKA_CONTROLLER_PORT}`,
    "advertised.listeners": `PLAINTEXT://${host}:${env.COSMO_KAFKA_PORT}`,
    "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
    "controller.listener.names": "CONTROLLER",
    "inter.broker.listener.name": "PLAINTEXT",
    "log.dirs": dataDir(),
    "offsets.topic.replication.factor": replicas,
    "transaction.state.log.replication.factor": replicas,
    "transaction.state.log.min.isr": minInsync,
    "default.replication.factor": replicas,
    "min.insync.replicas": minInsync,
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

/**
 * Kafka's Uuid text form: 16 bytes, base64url, no padding, not starting with
 * "-". Random for a single broker; for a quorum every broker must format its
 * storage with the same id, so it is derived from the voters, which all of
 * them are given.
 */
function clusterId(): string {
  for (let i = 0; ; i++) {
    const bytes = quorumSize() > 1 ? createHash("sha256").update(`cosmo-kafka/${voters()}/${i}`).digest().subarray(0, 16) : randomBytes(16);
    const id = bytes.toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

const javaArgs = (mainClass: string, ...args: string[]) => [
  "-Xms128m",
  `-Xmx${env.COSMO_KAFKA_HEAP}`,
  "-XX:+UseG1GC",
  "-XX:MaxGCPauseMillis=20",
  "-Djava.awt.headless=true",
  `-Dlog4j2.configurationFile=${log4jFile()}`,
  "-cp",
  path.join(jarDir(), "*"),
  mainClass,
  ...args,
];

/** This host's own broker: its status is its own, whatever the rest of a quorum does. */
const ownBroker = () => [`${env.COSMO_HOST}:${env.COSMO_KAFKA_PORT}`];
const brokerReady = () => brokersReady(ownBroker());

export const kafka: Service = {
  name: "kafka",
  description: "Apache Kafka broker (KRaft, broker and controller)",
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
      // Possibly still starting from another call: wait for it rather than spawn a second one
      // (a quorum's broker answers once the quorum is there: init waits for that).
      if (quorumSize() === 1) await waitUntil(brokerReady, { service: "kafka", what: "broker to answer", pid: running, timeoutMs: 90_000 });
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
    progress(`starting broker ${env.COSMO_KAFKA_NODE_ID} on ${ownBroker()[0]}`);
    const pid = spawnDaemon({ name: "kafka", command: javaBin(), args: javaArgs("kafka.Kafka", propsFile()), cwd: serviceDir("kafka") });
    if (quorumSize() > 1) {
      // A broker of a quorum serves nothing until a majority of voters runs: init starts them
      // all, then waits for the quorum (lib/kafka/readiness.ts). Here, the controller listens.
      const controllerUp = () => tcpReachable(env.COSMO_HOST, env.COSMO_KAFKA_CONTROLLER_PORT);
      await waitUntil(controllerUp, { service: "kafka", what: "controller to listen", pid, timeoutMs: 90_000 });
      progress(`controller listening; one of a quorum of ${quorumSize()}`);
      return;
    }
    await waitUntil(brokerReady, { service: "kafka", what: "broker to answer", pid, timeoutMs: 90_000 });
    await waitUntil(() => coordinatorsReady(ownBroker()), { service: "kafka", what: "group and transaction coordinators", pid, timeoutMs: 90_000 });
    progress("ready");
  },

  async stop(progress) {
    if (await stopDaemon("kafka", { graceMs: 30_000 })) progress("stopped");
  },

  status() {
    return daemonStatus(
      { name: "kafka", version: KAFKA_VERSION, port: env.COSMO_KAFKA_PORT, url: `kafka://${ownBroker()[0]}` },
      brokerReady,
    );
  },
};
