import { setTimeout as sleep } from "node:timers/promises";
import { localhostPreset } from "@/lib/clusters/presets";
import { db } from "@/lib/db";
import type { RoutineName } from "@/lib/generated/prisma/enums";
import { requestRoutine } from "@/lib/routines/request-routine";
import type { Progress } from "@/lib/runtime/service";

const ACTOR = { name: "bench" };

/** Runs a routine on the localhost preset, as a team would, and waits for it; answers with the run it opened, if any. */
export async function benchRoutine(routine: RoutineName, params: object, progress: Progress): Promise<string | null> {
  const t0 = performance.now();
  const { id } = await requestRoutine({ cluster: localhostPreset().name, routine, params }, ACTOR);
  for (;;) {
    const execution = await db.routineExecution.findUniqueOrThrow({ where: { id } });
    if (execution.status === "succeeded") {
      progress(`${routine}: succeeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      return execution.runId;
    }
    if (execution.status === "failed") throw new Error(`the ${routine} routine failed: ${execution.error}`);
    await sleep(500);
  }
}
