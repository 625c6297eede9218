import { writeWorkerReady } from "@/lib/runtime/services/node-worker";
import fs from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { hostWithRole } from "@/lib/clusters/cluster-spec";
import { db } from "@/lib/db";
import { isDatabaseUnreachable } from "@/lib/db-errors";
import { executorForHost } from "@/lib/hosts/executor-for-host";
import type { JobDefinition } from "@/lib/jobs/job-definition";
import { homeDir } from "@/lib/runtime/paths";
import { BufferProcessProbe } from "@/lib/supervision/observe-run";
import { emptyMemory, type RunMemory } from "@/lib/supervision/run-memory";
import { superviseRun } from "@/lib/supervision/supervise-run";

/** Written once the supervisor ticks: what `cosmo up` waits for. */
export const supervisorReadyFile = () => homeDir("run", "supervisor.ready");

const inputSchema = z.object({ tickMs: z.coerce.number().int().min(100).max(60_000).default(1000) });

const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).split("\n")[0]!;

/**
 * The supervisor: every tick, each open run of a cluster is observed,
 * decided on and acted on (supervise-run.ts), all runs side by side. It lives
 * through a database outage, remembering when it began so the alarm can say.
 */
export const supervisorJob: JobDefinition<typeof inputSchema, { ticks: number }> = {
  id: "supervisor",
  input: inputSchema,
  async handler(input, { signal, log }) {
    const memories = new Map<string, RunMemory>();
    const probes = new Map<string, BufferProcessProbe>();
    let databaseDownSince: number | null = null;
    let ticks = 0;
    fs.mkdirSync(homeDir("run"), { recursive: true });
    writeWorkerReady(supervisorReadyFile());
    log("ready: supervising open runs");
    while (!signal.aborted) {
      const started = Date.now();
      try {
        const runs = await db.run.findMany({ where: { status: "running", clusterId: { not: null } } });
        if (databaseDownSince !== null) {
          log(`the database answers again after ${Math.round((started - databaseDownSince) / 1000)} s`);
          for (const run of runs) memories.set(run.id, { ...(memories.get(run.id) ?? emptyMemory()), databaseOutage: { since: databaseDownSince, until: started } });
          databaseDownSince = null;
        }
        await Promise.all(
          runs.map(async (run) => {
            let probe = probes.get(run.id);
            if (!probe) probes.set(run.id, (probe = new BufferProcessProbe((spec) => executorForHost(spec, hostWithRole(spec, "buffer")))));
            try {
              memories.set(run.id, await superviseRun({ ...run, clusterId: run.clusterId! }, { memory: memories.get(run.id) ?? emptyMemory(), bufferProbe: probe, log }));
            } catch (error) {
              if (isDatabaseUnreachable(error)) throw error;
              log(`run ${run.id}: tick failed: ${message(error)}`);
            }
          }),
        );
        for (const id of memories.keys()) {
          if (runs.some((r) => r.id === id)) continue;
          memories.delete(id);
          probes.delete(id);
        }
        ticks++;
      } catch (error) {
        if (!isDatabaseUnreachable(error)) log(`tick failed: ${message(error)}`);
        else if (databaseDownSince === null) {
          databaseDownSince = started;
          log(`the database does not answer (${message(error)}); waiting for it`);
        }
      }
      await sleep(Math.max(100, input.tickMs - (Date.now() - started)), undefined, { signal }).catch(() => {});
    }
    fs.rmSync(supervisorReadyFile(), { force: true });
    return { ticks };
  },
};
