import { listObjects } from "@/lib/buffer/list-objects";
import { defaultDetectorConfig } from "@/lib/detector/config";
import { env } from "@/lib/env";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { s3Sink } from "@/lib/generator/sinks";
import { generateWords } from "@/lib/generator/stream";
import { writeDataFiles } from "@/lib/generator/write-files";
import type { Progress } from "@/lib/runtime/service";

/** As many records as a real file holds (10 MiB of DAQ words). */
export const RECORDS_PER_FILE = 1_310_720;
/** Four real-sized files: about 90 minutes of replay at 1,000 records/s. */
const DEMO_FILES = 4;

/**
 * Fills the default bucket with generated data the first time the product
 * comes up on the local S3 server, so that a new user has something to replay.
 * A bucket that already holds objects (or a real S3 endpoint) is left alone.
 */
export async function seedDemoBucket(progress: Progress): Promise<void> {
  if (env.S3_ENDPOINT) return;
  if ((await listObjects(env.S3_BUCKET, "")).length > 0) return;
  progress(`filling s3://${env.S3_BUCKET} with ${DEMO_FILES} files of generated detector data (once)`);
  const words = generateWords(defaultDetectorConfig, generatorOptionsSchema.parse({}), { records: DEMO_FILES * RECORDS_PER_FILE });
  await writeDataFiles(words, {
    format: "txt",
    recordsPerFile: RECORDS_PER_FILE,
    sink: s3Sink(env.S3_BUCKET),
    onFile: (name, p) => progress(`${name}: ${p.files}/${DEMO_FILES} files, ${p.records.toLocaleString("en")} records`),
  });
}
