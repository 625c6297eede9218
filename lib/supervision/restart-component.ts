import { type ClusterSpec, hostWithRole } from "@/lib/clusters/cluster-spec";
import { db } from "@/lib/db";
import { detectorConfigSchema } from "@/lib/detector/config";
import { CosmoError } from "@/lib/errors";
import { cosmoScript } from "@/lib/hosts/cosmo-on-host";
import { executorForHost } from "@/lib/hosts/executor-for-host";
import {
  bufferDaemon, bufferStartCommand, type BufferSource, consumerDaemon, startConsumer, startStatsJob, statsJobDaemon, stopLocalDaemon,
} from "@/lib/routines/run-processes";
import type { RestartableComponent } from "@/lib/runs/health-detail";

export interface SupervisedRun {
  id: string;
  clusterId: string;
  spec: ClusterSpec;
  source: BufferSource;
  detector: unknown;
}

/** Runs `cosmo ARGS` on the buffer host; a non-zero exit throws with the output's tail. */
async function onBufferHost(run: SupervisedRun, args: string[], extraEnv: Record<string, string> = {}): Promise<void> {
  const host = hostWithRole(run.spec, "buffer");
  const executor = await executorForHost(run.spec, host);
  try {
    const { code, output } = await executor.exec(cosmoScript(run.spec, host, args, extraEnv), { timeoutMs: 120_000 });
    if (code !== 0) throw new CosmoError("SERVICE_FAILED", `cosmo ${args.slice(0, 2).join(" ")} on ${host.name} exited with ${code}: ${output.trim().split("\n").slice(-3).join(" | ")}`);
  } finally {
    executor.close();
  }
}

/**
 * Restarts one process of a run where it lives, after stopping what is left
 * of it (a stalled one is still there). Each resumes exactly by itself: the
 * buffer from its transactional cursor, the job from its checkpoint, the
 * consumer from its group's committed offsets.
 */
export async function restartComponent(run: SupervisedRun, component: RestartableComponent): Promise<void> {
  switch (component) {
    case "buffer": {
      await onBufferHost(run, ["worker", "stop", bufferDaemon(run.id)]);
      // The rate as it is now: the API may have changed it since the run began.
      const row = await db.bufferPosition.findUnique({ where: { runId: run.id }, select: { rate: true } });
      const command = await bufferStartCommand(run.spec, run.id, run.source, row?.rate ?? run.spec.buffer.rate);
      await onBufferHost(run, command.args, command.env);
      return;
    }
    case "driver":
      await stopLocalDaemon(statsJobDaemon(run.id));
      await startStatsJob(run.spec, run.id, detectorConfigSchema.parse(run.detector));
      return;
    case "consumer":
      await stopLocalDaemon(consumerDaemon(run.clusterId));
      startConsumer(run.spec, run.clusterId);
      return;
  }
}

/** Stops every process of a run that failed: nothing keeps half-working under a failed run. */
export async function stopRunComponents(run: SupervisedRun): Promise<void> {
  await onBufferHost(run, ["worker", "stop", bufferDaemon(run.id)]).catch(() => {});
  await stopLocalDaemon(statsJobDaemon(run.id));
  await stopLocalDaemon(consumerDaemon(run.clusterId));
}
