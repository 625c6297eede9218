// Results consumer: results topic -> PostgreSQL, until SIGTERM.
//   node --import tsx workers/consumer.ts [--topic T] [--group-id G] [--from-beginning true|false]
import { resultsConsumerJob } from "@/lib/consumer/results-consumer-job";
import { runJobCli } from "@/lib/jobs/run-job-cli";

await runJobCli(resultsConsumerJob, {
  topic: { type: "string" },
  "group-id": { type: "string" },
  "from-beginning": { type: "string" },
});
