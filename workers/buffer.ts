// S3 -> Kafka buffer for one run:
//   node --import tsx workers/buffer.ts --run-id ID --bucket B [--prefix P] [--topic T] [--rate N] [--message-bytes N]
// SIGTERM commits the transaction under way, saves the position and exits 0.
import { bufferJob } from "@/lib/buffer/buffer-job";
import { runJobCli } from "@/lib/jobs/run-job-cli";

await runJobCli(bufferJob, {
  "run-id": { type: "string" },
  bucket: { type: "string" },
  prefix: { type: "string" },
  topic: { type: "string" },
  rate: { type: "string" },
  "message-bytes": { type: "string" },
});
