// Routine worker: runs init/run/beat/halt/dismiss off the PostgreSQL job queue, until SIGTERM.
//   node --import tsx workers/routines.ts [--poll-seconds S]
import { runJobCli } from "@/lib/jobs/run-job-cli";
import { routineWorkerJob } from "@/lib/routines/routine-worker-job";

await runJobCli(routineWorkerJob, { "poll-seconds": { type: "string" } });
