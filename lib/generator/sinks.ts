import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { Upload } from "@aws-sdk/lib-storage";
import { ensureBucket, s3Client } from "@/lib/s3/client";

/** One object being written; chunks arrive in order, close() returns once it is durable. */
export interface ObjectWriter {
  write(chunk: Buffer): Promise<void>;
  close(): Promise<void>;
}

/** Where generated files go: a folder or a bucket. */
export interface ObjectSink {
  /** Where an object of that name ends up, for messages. */
  locate(name: string): string;
  open(name: string): Promise<ObjectWriter>;
}

export function folderSink(dir: string): ObjectSink {
  return {
    locate: (name) => path.join(dir, name),
    async open(name) {
      await fs.promises.mkdir(dir, { recursive: true });
      const handle = await fs.promises.open(path.join(dir, name), "w");
      return {
        write: async (chunk) => void (await handle.write(chunk)),
        close: () => handle.close(),
      };
    },
  };
}

/** S3's minimum part size; Upload buffers queueSize parts at most, whatever the object size. */
const PART_SIZE = 5 * 1024 * 1024;

/**
 * Streams each object through a multipart upload: memory stays at a few parts
 * however large the object, and a small object becomes a single PUT.
 */
export function s3Sink(bucket: string, prefix = ""): ObjectSink {
  let bucketReady: Promise<void> | undefined;
  return {
    locate: (name) => `s3://${bucket}/${prefix}${name}`,
    async open(name) {
      await (bucketReady ??= ensureBucket(bucket));
      const body = new PassThrough();
      const upload = new Upload({ client: s3Client(), params: { Bucket: bucket, Key: `${prefix}${name}`, Body: body }, partSize: PART_SIZE, queueSize: 2 });
      const done = upload.done();
      // Observed in write()/close(); without this an early failure is an unhandled rejection.
      done.catch(() => {});
      return {
        async write(chunk) {
          // Wait for the upload to drain, but give up if it failed meanwhile.
          if (!body.write(chunk)) await Promise.race([once(body, "drain"), done]);
        },
        async close() {
          body.end();
          await done;
        },
      };
    },
  };
}
