import { Partitioners, type Message } from "kafkajs";
import { createBenchRun } from "@/lib/bench/bench-run";
import type { BenchData } from "@/lib/bench/bench-data";
import { objectChunks } from "@/lib/buffer/object-chunks";
import { listObjects } from "@/lib/buffer/list-objects";
import { LineSplitter } from "@/lib/detector/line-splitter";
import { kafkaClient } from "@/lib/kafka/client";
import type { Progress } from "@/lib/runtime/service";

/**
 * Messages per send. The original producer batched up to 1 MiB (~41,000
 * records) per partition, its 1 s linger only mattering when records trickle
 * in. kafkajs encodes one send's messages in a way that degrades with their
 * number: 41,000-message sends ran at ~6,000 records/s here, 4,096-message
 * sends (~100 KiB) at ~60,000-80,000, its best. The baseline gets the best.
 */
const RECORDS_PER_SEND = 4096;
/** Requests in flight at once: Kafka clients' default max.in.flight.requests.per.connection. */
const IN_FLIGHT = 5;

export interface PerRecordThroughput {
  how: string;
  records: number;
  recordsPerSend: number;
  seconds: number;
  recordsPerSecond: number;
}

/**
 * The original's way of producing, for comparison: every line of the same
 * object its own Kafka message (acks=all like the buffer), sent in arrays
 * with a few requests in flight. Timed like the buffer:
 * from the first S3 read to the last acknowledgement.
 */
export async function measurePerRecordProducer(data: BenchData, maxRecords: number, progress: Progress): Promise<PerRecordThroughput> {
  const run = await createBenchRun("per-record producer", data.bucket, data.firstObjectPrefix);
  const [object] = await listObjects(data.bucket, data.firstObjectPrefix);
  if (!object) throw new Error(`no object under ${data.firstObjectPrefix}`);
  const producer = kafkaClient("cosmo-bench-per-record").producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  progress(`one message per record, ${RECORDS_PER_SEND.toLocaleString("en-US")} per send, up to ${maxRecords.toLocaleString("en-US")} records -> ${run.hitsTopic}`);
  try {
    let pending: Message[] = [];
    let sent = 0;
    const inFlight = new Set<Promise<unknown>>();
    const send = async (messages: Message[]) => {
      while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
      const request = producer.send({ topic: run.hitsTopic, acks: -1, messages });
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request)).catch(() => {});
      sent += messages.length;
    };
    const splitter = new LineSplitter((line) => {
      if (line && sent + pending.length < maxRecords) pending.push({ value: line });
    });
    const t0 = performance.now();
    for await (const chunk of objectChunks(data.bucket, object.key, 0, object.size)) {
      splitter.push(chunk);
      while (pending.length >= RECORDS_PER_SEND) {
        await send(pending.slice(0, RECORDS_PER_SEND));
        pending = pending.slice(RECORDS_PER_SEND);
      }
      if (sent + pending.length >= maxRecords) break;
    }
    splitter.end();
    if (pending.length > 0) await send(pending);
    await Promise.all(inFlight);
    const seconds = (performance.now() - t0) / 1000;
    return {
      how: `kafkajs producer, acks=all, 1 message per record, ${RECORDS_PER_SEND.toLocaleString("en-US")} records per send, ${IN_FLIGHT} sends in flight`,
      records: sent,
      recordsPerSend: RECORDS_PER_SEND,
      seconds,
      recordsPerSecond: sent / seconds,
    };
  } finally {
    await producer.disconnect();
  }
}
