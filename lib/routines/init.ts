import { z } from "zod";
import { hostWithRole, hostsWithRole, kafkaBrokersOf, kafkaReplicationOf } from "@/lib/clusters/cluster-spec";
import { probeCluster } from "@/lib/clusters/probe-cluster";
import { waitForKafkaQuorum } from "@/lib/kafka/readiness";
import { ensureTopics } from "@/lib/kafka/topics";
import { defineRoutine } from "@/lib/routines/routine-definition";

/** init: start Kafka and Spark (master, then workers) on their hosts and create the results topic. */
export const initRoutine = defineRoutine({
  name: "init",
  summary: "start Kafka and Spark, create the topics",
  params: z.object({}).strict(),
  async run(ctx) {
    const { spec } = ctx;
    await ctx.step("look at the cluster", null, async (out) => {
      const probe = await probeCluster(spec);
      out.line(`Kafka ${probe.kafka.reachable ? "answers" : "does not answer"}; Spark master ${probe.sparkMaster.alive ? "ALIVE" : "not answering"}; workers ${probe.workers.alive}/${probe.workers.expected}`);
      if (probe.kafka.reachable && probe.sparkMaster.alive && probe.workers.alive >= probe.workers.expected) {
        out.line("the cluster is already up: init only checks each piece again");
      }
    });
    const brokers = hostsWithRole(spec, "kafka-broker");
    for (const broker of brokers) {
      await ctx.step(`start Kafka on ${broker.name}`, broker, (out) => ctx.cosmo(broker, out, ["service", "kafka", "start"]));
    }
    if (brokers.length > 1) {
      await ctx.step(`wait for the Kafka quorum of ${brokers.length}`, null, async (out) => {
        await waitForKafkaQuorum(kafkaBrokersOf(spec), brokers.length);
        out.line(`${brokers.length} brokers registered with a controller; group and transaction coordinators ready`);
      });
    }
    const master = hostWithRole(spec, "spark-master");
    await ctx.step(`start the Spark master on ${master.name}`, master, (out) => ctx.cosmo(master, out, ["service", "spark-master", "start"]));
    for (const worker of hostsWithRole(spec, "spark-worker")) {
      await ctx.step(`start a Spark worker on ${worker.name}`, worker, (out) => ctx.cosmo(worker, out, ["service", "spark-worker", "start"]));
    }
    await ctx.step("create the topics", null, async (out) => {
      // Hits topics are made per run (`<prefix>-<runId>`) by the run routine; results are shared.
      await ensureTopics([{ name: spec.kafka.resultsTopic, partitions: 1, retentionMs: spec.kafka.retentionMs, ...kafkaReplicationOf(spec) }], kafkaBrokersOf(spec));
      const { replicationFactor, minInsyncReplicas } = kafkaReplicationOf(spec);
      out.line(`results topic ${spec.kafka.resultsTopic} present (replication factor ${replicationFactor}, min.insync.replicas ${minInsyncReplicas}); each run gets its own ${spec.kafka.hitsTopicPrefix}-<run id> hits topic`);
    });
    return {};
  },
});
