// Run supervisor: watches every open run's buffer, Spark job and results consumer, restarts what dies or stalls,
// keeps the runs' health and the pipeline alarms, until SIGTERM.
//   node --import tsx workers/supervisor.ts [--tick-ms MS]
import { runJobCli } from "@/lib/jobs/run-job-cli";
import { supervisorJob } from "@/lib/supervision/supervisor-job";

await runJobCli(supervisorJob, { "tick-ms": { type: "string" } });
