import fs from "node:fs";
import path from "node:path";
import { createBenchRun } from "@/lib/bench/bench-run";
import type { BenchData } from "@/lib/bench/bench-data";
import { objectChunks } from "@/lib/buffer/object-chunks";
import { listObjects } from "@/lib/buffer/list-objects";
import { repoRoot } from "@/lib/env";
import { homeDir } from "@/lib/runtime/paths";
import { run } from "@/lib/runtime/process";
import { kafkaBrokers } from "@/lib/runtime/services/kafka";
import { venvPython } from "@/lib/runtime/services/spark";
import type { Progress } from "@/lib/runtime/service";

export interface PerRecordThroughput {
  how: string;
  records: number;
  seconds: number;
  recordsPerSecond: number;
}

/**
 * The original's producer as it really was (workers/bench/original_producer.py:
 * kafka-python from PyPI, one send() per line, linger 1,000 ms, batch size
 * 1 MiB) over the first object, read from a local file as the original read
 * its data: the S3 download stays out of the time.
 */
export async function measurePerRecordProducer(data: BenchData, maxRecords: number, progress: Progress): Promise<PerRecordThroughput> {
  const benchRun = await createBenchRun("original producer", data.bucket, data.firstObjectPrefix);
  const [object] = await listObjects(data.bucket, data.firstObjectPrefix);
  if (!object) throw new Error(`no object under ${data.firstObjectPrefix}`);
  const file = homeDir("bench", path.basename(object.key));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = fs.createWriteStream(file);
  for await (const chunk of objectChunks(data.bucket, object.key, 0, object.size)) out.write(chunk);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  progress(`kafka-python, one send() per line, up to ${maxRecords.toLocaleString("en-US")} records -> ${benchRun.hitsTopic}`);
  const script = path.join(repoRoot, "workers", "bench", "original_producer.py");
  const args = [script, "--bootstrap", kafkaBrokers().join(","), "--topic", benchRun.hitsTopic, "--file", file, "--max-records", String(maxRecords)];
  const { records, seconds } = JSON.parse((await run(venvPython(), args)).stdout.trim().split("\n").pop()!) as { records: number; seconds: number };
  fs.rmSync(file);
  return {
    how: "kafka-python (the original's producer), acks=all, one send() per line, linger_ms=1000, batch_size=1 MiB",
    records,
    seconds,
    recordsPerSecond: records / seconds,
  };
}
