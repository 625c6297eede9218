import { routineWorkerReadyFile } from "@/lib/routines/routine-worker-job";
import { nodeWorkerService, workerPid } from "@/lib/runtime/services/node-worker";

const NAME = "routine-worker";

/** The process that runs the routines off the job queue (workers/routines.ts); see nodeWorkerService for its restarts. */
export const routineWorker = nodeWorkerService({
  name: NAME,
  description: "runs the routines (init, run, beat, halt, dismiss) off the PostgreSQL job queue",
  script: "routines",
  readyFile: routineWorkerReadyFile,
  readyWhat: "the worker to take routines",
  // A routine under way is let finish (bounded): it leaves its clusters in a known state.
  stopGraceMs: 60_000,
});

/** The pid of the worker process that takes routines now (undefined while keep-alive starts it again). */
export const routineWorkerPid = () => workerPid(NAME, routineWorkerReadyFile);
