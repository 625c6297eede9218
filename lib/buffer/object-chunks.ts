import { setTimeout as sleep } from "node:timers/promises";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { CosmoError } from "@/lib/errors";
import { s3Client } from "@/lib/s3/client";

const MAX_ATTEMPTS = 5;

/**
 * The bytes [start, end) of an object as a stream of chunks, never the whole
 * object in memory. A paced buffer may leave a response unread for minutes and
 * servers drop idle connections: a failed read resumes with a ranged GET from
 * the first byte not yet delivered.
 */
export async function* objectChunks(bucket: string, key: string, start: number, end: number): AsyncGenerator<Buffer> {
  let next = start;
  let failures = 0;
  while (next < end) {
    try {
      const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${next}-${end - 1}` }));
      if (!out.Body) throw new Error("empty response body");
      for await (const chunk of out.Body as AsyncIterable<Uint8Array>) {
        failures = 0;
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        // A server that ignored the range's end (or an object that grew): stop at the listed size.
        const take = bytes.subarray(0, end - next);
        next += take.length;
        yield take;
        if (next >= end) return;
      }
      throw new Error(`response ended at byte ${next} of ${end}`);
    } catch (error) {
      failures++;
      if (failures >= MAX_ATTEMPTS) {
        throw new CosmoError("SERVICE_UNAVAILABLE", `cannot read s3://${bucket}/${key} at byte ${next}`, { cause: error });
      }
      await sleep(250 * 2 ** failures);
    }
  }
}
