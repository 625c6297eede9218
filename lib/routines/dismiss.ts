import { z } from "zod";
import { hostWithRole, hostsWithRole, kafkaBrokersOf } from "@/lib/clusters/cluster-spec";
import { probeKafka } from "@/lib/clusters/probe-cluster";
import { deleteTopics } from "@/lib/kafka/topics";
import { haltOpenRun } from "@/lib/routines/halt";
import { StepSkipped } from "@/lib/routines/routine-context";
import { defineRoutine } from "@/lib/routines/routine-definition";

/** dismiss: halt what runs, optionally delete the topics, stop the Spark workers, master and Kafka. */
export const dismissRoutine = defineRoutine({
  name: "dismiss",
  summary: "stop the clusters, optionally delete the topics",
  params: z.object({ deleteTopics: z.boolean().default(false) }).strict(),
  async run(ctx, params) {
    const { spec } = ctx;
    const halted = await haltOpenRun(ctx);
    if (params.deleteTopics) {
      await ctx.step("delete the topics", null, async (out) => {
        const kafka = await probeKafka(spec);
        if (!kafka.reachable) throw new StepSkipped("Kafka does not answer: its topics stay as they are");
        const ours = kafka.topics.filter((t) => t === spec.kafka.resultsTopic || t.startsWith(`${spec.kafka.hitsTopicPrefix}-`));
        await deleteTopics(ours, kafkaBrokersOf(spec));
        out.line(ours.length ? `deleted ${ours.join(", ")}` : "no topic of this cluster was left");
      });
    }
    for (const worker of hostsWithRole(spec, "spark-worker")) {
      await ctx.step(`stop the Spark worker on ${worker.name}`, worker, (out) => ctx.cosmo(worker, out, ["service", "spark-worker", "stop"]));
    }
    const master = hostWithRole(spec, "spark-master");
    await ctx.step(`stop the Spark master on ${master.name}`, master, (out) => ctx.cosmo(master, out, ["service", "spark-master", "stop"]));
    for (const broker of hostsWithRole(spec, "kafka-broker").reverse()) {
      await ctx.step(`stop Kafka on ${broker.name}`, broker, (out) => ctx.cosmo(broker, out, ["service", "kafka", "stop"]));
    }
    return { haltedRun: halted?.runId ?? null, deletedTopics: params.deleteTopics };
  },
});
