import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { bufferSettingsSchema, hitsTopicPartitions, hostWithRole, kafkaBootstrap, kafkaBrokersOf, kafkaReplicationOf } from "@/lib/clusters/cluster-spec";
import { probeCluster, probeSparkMaster } from "@/lib/clusters/probe-cluster";
import { db } from "@/lib/db";
import { detectorConfigSchema } from "@/lib/detector/config";
import { CosmoError } from "@/lib/errors";
import { ensureTopics } from "@/lib/kafka/topics";
import { getOpenRun } from "@/lib/routines/open-run";
import { defineRoutine } from "@/lib/routines/routine-definition";
import {
  bufferStartCommand, consumerDaemon, daemonAlive, daemonLogTail, runHitsTopicName, sparkAppName, startConsumer, startStatsJob, statsJobDaemon,
} from "@/lib/routines/run-processes";
import { undoRun } from "@/lib/routines/undo-run";
import { recordAudit } from "@/lib/audit/record-audit";
import { createRun } from "@/lib/runs/create-run";

const SPARK_APP_TIMEOUT_MS = 180_000;

export const runParamsSchema = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    /** Override the cluster's buffer source and rate for this run only. */
    bucket: bufferSettingsSchema.shape.bucket.unwrap().optional(),
    prefix: bufferSettingsSchema.shape.prefix.unwrap().optional(),
    rate: bufferSettingsSchema.shape.rate.unwrap().optional(),
  })
  .strict();

/**
 * run: open a run, start its Spark job (waiting until the master lists it as
 * running, so no record arrives before the job reads), the cluster's results
 * consumer, then the buffer on the buffer host. If a step fails, what this
 * routine started is stopped again and the run is marked failed.
 */
export const runRoutine = defineRoutine({
  name: "run",
  summary: "submit the Spark job, start the buffer and the consumer, open a run",
  params: runParamsSchema,
  async run(ctx, params) {
    const { spec, cluster } = ctx;
    const open = await getOpenRun(cluster.id);
    if (open) throw new CosmoError("CONFLICT", `run "${open.name}" (${open.id}) is still open on ${cluster.name}: halt it first`);

    await ctx.step("check that the cluster is up", null, async (out) => {
      const probe = await probeCluster(spec);
      if (!probe.kafka.reachable) throw new CosmoError("SERVICE_UNAVAILABLE", `Kafka at ${kafkaBootstrap(spec)} does not answer: run init first`);
      if (!probe.sparkMaster.alive) throw new CosmoError("SERVICE_UNAVAILABLE", "the Spark master does not answer: run init first");
      if (probe.workers.alive === 0) throw new CosmoError("SERVICE_UNAVAILABLE", "no Spark worker is alive: run init first");
      if (!probe.kafka.topics.includes(spec.kafka.resultsTopic)) throw new CosmoError("SERVICE_UNAVAILABLE", `topic ${spec.kafka.resultsTopic} is missing: run init first`);
      out.line(`Kafka, the Spark master and ${probe.workers.alive}/${probe.workers.expected} workers answer`);
    });

    const source = { bucket: params.bucket ?? spec.buffer.bucket, prefix: params.prefix ?? spec.buffer.prefix, ...(spec.buffer.s3Endpoint ? { endpoint: spec.buffer.s3Endpoint } : {}) };
    const rate = params.rate ?? spec.buffer.rate;
    const run = (await ctx.step("open the run", null, async (out) => {
      const created = await createRun({
        name: params.name ?? `${cluster.name} ${new Date().toISOString().slice(0, 16).replace("T", " ")}`,
        detector: spec.detector,
        source,
        clusterId: cluster.id,
        startedBy: ctx.requestedBy,
        config: spec,
        quality: spec.quality,
      });
      out.line(`run ${created.id} "${created.name}": s3://${source.bucket}/${source.prefix} at ${rate ? `${rate} records/s` : "full speed"}`);
      return created;
    }))!;

    const bufferHost = hostWithRole(spec, "buffer");
    try {
      const hitsTopic = runHitsTopicName(spec, run.id);
      await ctx.step("create the run's hits topic", null, async (out) => {
        const partitions = hitsTopicPartitions(spec);
        await ensureTopics([{ name: hitsTopic, partitions, retentionMs: spec.kafka.retentionMs, ...kafkaReplicationOf(spec) }], kafkaBrokersOf(spec));
        out.line(`${hitsTopic} (${partitions} partitions, one per Spark core at least)`);
      });
      await ctx.step("start the results consumer", null, async (out) => {
        const name = consumerDaemon(cluster.id);
        const wasRunning = daemonAlive(name);
        startConsumer(spec, cluster.id);
        out.line(wasRunning ? `${name} was already running` : `${name} started`);
      });
      await ctx.step("submit the Spark job", null, async (out) => {
        await startStatsJob(spec, run.id, detectorConfigSchema.parse(run.detector));
        out.line(`${sparkAppName(run.id)} submitted to ${spec.hosts.find((h) => h.roles.includes("spark-master"))!.address}; waiting until it runs`);
        const deadline = Date.now() + SPARK_APP_TIMEOUT_MS;
        for (;;) {
          if (!daemonAlive(statsJobDaemon(run.id))) throw new CosmoError("SERVICE_FAILED", `the Spark job exited: ${daemonLogTail(statsJobDaemon(run.id), 5).replace(/\n/g, " | ")}`);
          const master = await probeSparkMaster(spec);
          const app = master.view?.activeapps.find((a) => a.name === sparkAppName(run.id));
          if (app?.state === "RUNNING") {
            out.line(`application ${app.id} is RUNNING`);
            break;
          }
          if (Date.now() > deadline) throw new CosmoError("SERVICE_FAILED", `the Spark job did not start running within ${SPARK_APP_TIMEOUT_MS / 1000} s`);
          await sleep(1000);
        }
      });
      await ctx.step(`start the buffer on ${bufferHost.name}`, bufferHost, async (out) => {
        const command = await bufferStartCommand(spec, run.id, source, rate);
        await ctx.cosmo(bufferHost, out, command.args, command.env);
      });
    } catch (error) {
      await undoRun(ctx, run.id);
      throw error;
    }

    await db.run.update({ where: { id: run.id }, data: { status: "running", startedAt: new Date() } });
    await recordAudit({ actor: { name: ctx.requestedBy }, action: "run.started", target: { type: "run", id: run.id }, details: { name: run.name, cluster: cluster.name, execution: ctx.executionId, source, rate } });
    return { runId: run.id, hitsTopic: runHitsTopicName(spec, run.id) };
  },
});
