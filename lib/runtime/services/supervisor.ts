import { nodeWorkerService } from "@/lib/runtime/services/node-worker";
import { supervisorReadyFile } from "@/lib/supervision/supervisor-job";

/** The run supervisor (workers/supervisor.ts): restarts a run's processes, keeps its health and pipeline alarms. */
export const supervisor = nodeWorkerService({
  name: "supervisor",
  description: "watches every open run's processes, restarts what dies or stalls, raises the pipeline alarms",
  script: "supervisor",
  readyFile: supervisorReadyFile,
  readyWhat: "the supervisor to tick",
  // A restart under way finishes within seconds; the next supervisor continues from the run's row.
  stopGraceMs: 20_000,
});
