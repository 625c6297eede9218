import { GetObjectCommand } from "@aws-sdk/client-s3";
import { compareKeys, listObjects } from "@/lib/buffer/list-objects";
import { TEXT_HEADER } from "@/lib/detector/parse-text";
import { s3Client } from "@/lib/s3/client";

/**
 * How many of the lines the buffer sent were text objects' header lines
 * (`HEAD,FPGA,...`): the buffer counts every non-blank line it sends, the job
 * rightly skips headers, so they must not show as records lost. Reads the
 * first bytes of each text object the buffer reached.
 */
export async function headerLinesSent(bucket: string, prefix: string, cursor: { object: string; offset: number }, completed: boolean): Promise<number> {
  const reached = (await listObjects(bucket, prefix)).filter((o) => {
    if (!o.key.endsWith(".txt") || o.size === 0) return false;
    if (completed) return true;
    const order = compareKeys(o.key, cursor.object);
    return order < 0 || (order === 0 && cursor.offset > 0);
  });
  let headers = 0;
  for (const o of reached) {
    const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: o.key, Range: `bytes=0-${TEXT_HEADER.length}` }));
    if ((await out.Body?.transformToString("utf8"))?.startsWith(TEXT_HEADER)) headers++;
  }
  return headers;
}
