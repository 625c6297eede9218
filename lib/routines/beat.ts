import { z } from "zod";
import { hostWithRole, hostsWithRole, kafkaBrokersOf } from "@/lib/clusters/cluster-spec";
import { probeCluster, workerOnMaster } from "@/lib/clusters/probe-cluster";
import { getBufferProgress } from "@/lib/buffer/get-buffer-progress";
import { cosmoScript } from "@/lib/hosts/cosmo-on-host";
import { groupLag } from "@/lib/kafka/group-lag";
import { getOpenRun } from "@/lib/routines/open-run";
import { defineRoutine } from "@/lib/routines/routine-definition";
import { bufferDaemon, consumerDaemon, daemonAlive, runHitsTopicName, sparkAppName, statsJobDaemon } from "@/lib/routines/run-processes";

export type EntityState = "up" | "down" | "idle";

export interface BeatEntity {
  entity: string;
  state: EntityState;
  detail: string;
}

/**
 * beat: the heartbeat of every entity, each checked where it lives: Kafka
 * through its protocol, Spark through the master's JSON, the buffer's process
 * on its host and its progress in the database, the consumer's lag in Kafka.
 * A down entity is a finding, not a failure of the routine.
 */
export const beatRoutine = defineRoutine({
  name: "beat",
  summary: "heartbeat of every entity",
  params: z.object({}).strict(),
  async run(ctx) {
    const { spec, cluster } = ctx;
    const entities: BeatEntity[] = [];
    const report = (entity: string, state: EntityState, detail: string) => entities.push({ entity, state, detail });

    await ctx.step("Kafka and Spark", null, async (out) => {
      const probe = await probeCluster(spec);
      // Only COSMO's own words and values of a checked shape: what answers on a configured port may be any service.
      for (const b of probe.kafka.brokers) {
        const detail = b.up ? `node ${b.nodeId} at ${b.address}` : probe.kafka.reachable ? `node ${b.nodeId} at ${b.address}: not listed by the cluster` : (probe.kafka.error ?? "not answering");
        report(`kafka broker on ${b.host}`, b.up ? "up" : "down", detail);
      }
      const lagging = probe.kafka.underReplicated;
      // Replication is known only from a broker that answers.
      if (probe.kafka.reachable) report("kafka replication", lagging.length ? "down" : "up", lagging.length ? `${lagging.length} under-replicated partition(s): ${lagging.slice(0, 10).map((p) => `${p.topic}-${p.partition} ${p.inSync}/${p.replicas} in sync`).join(", ")}` : "every partition fully in sync");
      const hasResults = probe.kafka.topics.includes(spec.kafka.resultsTopic);
      report(`topic ${spec.kafka.resultsTopic}`, hasResults ? "up" : "down", hasResults ? "present" : "missing");
      report("spark master", probe.sparkMaster.alive ? "up" : "down", probe.sparkMaster.alive ? "status ALIVE" : (probe.sparkMaster.error ?? "answers, but not ALIVE"));
      for (const host of hostsWithRole(spec, "spark-worker")) {
        const mine = workerOnMaster(probe.sparkMaster.view, host);
        report(`spark worker on ${host.name}`, mine ? "up" : "down", mine ? `${mine.id}, ${mine.cores} cores` : "not registered with the master");
      }
      for (const e of entities) out.line(`${e.state.toUpperCase().padEnd(4)} ${e.entity}: ${e.detail}`);

      const run = await getOpenRun(cluster.id);
      if (!run) {
        report("run", "idle", "no run is open");
        out.line("IDLE run: no run is open");
        return;
      }
      const hits = runHitsTopicName(spec, run.id);
      report(`topic ${hits}`, probe.kafka.topics.includes(hits) ? "up" : "down", probe.kafka.topics.includes(hits) ? "present" : "missing");
      const app = probe.sparkMaster.view?.activeapps.find((a) => a.name === sparkAppName(run.id));
      const driver = daemonAlive(statsJobDaemon(run.id));
      report("spark application", app?.state === "RUNNING" && driver ? "up" : "down", app ? `${app.id} ${app.state}${driver ? "" : ", driver process gone"}` : `not listed by the master${driver ? "" : "; driver process gone"}`);
      const consumerUp = daemonAlive(consumerDaemon(cluster.id));
      const lag = await groupLag(kafkaBrokersOf(spec), `cosmo-consumer-${cluster.id}`, spec.kafka.resultsTopic).catch(() => undefined);
      report("results consumer", consumerUp ? "up" : "down", `${consumerUp ? "running" : "not running"}; lag ${lag ?? "unknown"}`);
      for (const e of entities.slice(-3)) out.line(`${e.state.toUpperCase().padEnd(4)} ${e.entity}: ${e.detail}`);
    });

    const run = await getOpenRun(cluster.id);
    if (run) {
      const bufferHost = hostWithRole(spec, "buffer");
      await ctx.step(`buffer on ${bufferHost.name}`, bufferHost, async (out) => {
        const executor = await ctx.executor(bufferHost);
        const status = await executor.exec(cosmoScript(spec, bufferHost, ["worker", "status", bufferDaemon(run.id)]));
        const progress = await getBufferProgress(run.id);
        const detail = `process ${status.code === 0 ? "running" : "not running"}; ${progress.state}, ${progress.recordsSent} records sent, ${Math.round(progress.currentRate)} records/s, ${progress.bytesLeft} bytes left in ${progress.currentObject || "-"}`;
        const state: EntityState = status.code === 0 ? "up" : progress.state === "completed" ? "idle" : "down";
        report("buffer", state, detail);
        out.line(`${state.toUpperCase().padEnd(4)} buffer: ${detail}`);
      });
    }
    const down = entities.filter((e) => e.state === "down").map((e) => e.entity);
    return { checkedAt: new Date().toISOString(), entities, down };
  },
});
