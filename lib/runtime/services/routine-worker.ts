import { routineWorkerReadyFile } from "@/lib/routines/routine-worker-job";
import { nodeWorkerService } from "@/lib/runtime/services/node-worker";

/** The process that runs the routines off the job queue (workers/routines.ts). */
export const routineWorker = nodeWorkerService({
  name: "routine-worker",
  description: "runs the routines (init, run, beat, halt, dismiss) off the PostgreSQL job queue",
  script: "routines",
  readyFile: routineWorkerReadyFile,
  readyWhat: "the worker to take routines",
  // A routine under way is let finish (bounded): it leaves its clusters in a known state.
  stopGraceMs: 60_000,
});
