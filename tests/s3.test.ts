import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { Readable } from "node:stream";
import { before, test } from "node:test";
import assert from "node:assert/strict";
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { env } from "@/lib/env";
import { s3 } from "@/lib/runtime/services/s3";
import { ensureBucket, s3Client, s3ClientConfig } from "@/lib/s3/client";
import { localS3Credentials, localS3CredentialsFile } from "@/lib/s3/credentials";

const log = () => {};
const bucket = env.S3_BUCKET;
// A fresh prefix per run: the store is persistent, earlier runs' objects stay.
const prefix = `test/${Date.now()}-${randomBytes(3).toString("hex")}/`;

async function getBytes(key: string, range?: string): Promise<Buffer> {
  const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

before(async () => {
  await s3.install(log);
  await s3.start(log);
});

test("ensureBucket is idempotent", async () => {
  await ensureBucket(bucket);
  await ensureBucket(bucket);
  await ensureBucket(`${bucket}-second`);
  assert.equal((await s3.status()).state, env.S3_ENDPOINT ? "external" : "running");
});

test("list with prefix pages through exact keys in order", async () => {
  const names = ["a.bin", "b.bin", "c/d.bin", "e.bin", "f.bin"];
  for (const name of names) {
    await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: prefix + name, Body: `body of ${name}` }));
  }
  // Outside the prefix: must not be listed.
  await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix.slice(0, -1)}x/other.bin`, Body: "x" }));

  const keys: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await s3Client().send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 2, ContinuationToken: token }),
    );
    pages++;
    assert.ok((page.Contents ?? []).length <= 2);
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  assert.deepEqual(keys, names.map((n) => prefix + n));
  assert.equal(pages, 3);
});

test("ranged get returns exactly the requested bytes", async () => {
  const key = `${prefix}range.bin`;
  const body = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  assert.deepEqual(await getBytes(key, "bytes=10-19"), body.subarray(10, 20));
  assert.deepEqual(await getBytes(key, "bytes=250-255"), body.subarray(250));
  const head = await s3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  assert.equal(head.ContentLength, 256);
});

test("a streamed body is stored as sent, not aws-chunked", async () => {
  const key = `${prefix}stream.txt`;
  const Body = Readable.from([Buffer.from("hello "), Buffer.from("world")]);
  await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body, ContentLength: 11 }));
  assert.equal((await getBytes(key)).toString(), "hello world");
});

test("a 6 MB object round-trips through a multipart upload", async () => {
  const key = `${prefix}big.bin`;
  const body = randomBytes(6 * 1024 * 1024 + 123);
  // 5 MiB parts (the S3 minimum) make this two parts.
  const upload = new Upload({ client: s3Client(), params: { Bucket: bucket, Key: key, Body: body }, partSize: 5 * 1024 * 1024 });
  const parts = new Set<number>();
  upload.on("httpUploadProgress", (p) => p.part !== undefined && parts.add(p.part));
  await upload.done();
  assert.deepEqual([...parts].sort(), [1, 2]);
  const head = await s3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  assert.equal(head.ContentLength, body.length);
  // AWS's multipart ETag: the MD5 of the parts' MD5s, then the number of parts.
  assert.match(head.ETag ?? "", /^"[0-9a-f]{32}-2"$/);
  assert.ok((await getBytes(key)).equals(body));
});

test("objects survive a restart of the service", { skip: Boolean(env.S3_ENDPOINT) }, async () => {
  const key = `${prefix}persist.txt`;
  await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "still here" }));
  await s3.stop(log);
  assert.equal((await s3.status()).state, "stopped");
  const started = Date.now();
  await s3.start(log);
  console.log(`# s3 restart took ${Date.now() - started} ms`);
  assert.equal((await getBytes(key)).toString(), "still here");
});

test("the local server takes its generated keys and refuses any other", { skip: Boolean(env.S3_ENDPOINT) }, async () => {
  assert.equal(fs.statSync(localS3CredentialsFile()).mode & 0o777, 0o600);
  const keys = localS3Credentials();
  assert.match(keys.accessKeyId, /^COSMO[0-9A-F]{20}$/);
  assert.ok(keys.secretAccessKey.length >= 40);
  const refusal = async (credentials: { accessKeyId: string; secretAccessKey: string }) => {
    const client = new S3Client({ ...s3ClientConfig(), credentials, maxAttempts: 1 });
    try {
      await client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }));
      return "accepted";
    } catch (error) {
      return (error as Error).name;
    } finally {
      client.destroy();
    }
  };
  // s3rver's old fixed keys (AWS says InvalidAccessKeyId, versitygw XAdminUserNotFound), and the right key id with another secret.
  assert.match(await refusal({ accessKeyId: "S3RVER", secretAccessKey: "S3RVER" }), /^(InvalidAccessKeyId|XAdminUserNotFound)$/);
  assert.equal(await refusal({ accessKeyId: keys.accessKeyId, secretAccessKey: randomBytes(30).toString("base64url") }), "SignatureDoesNotMatch");
  const listed = await s3Client().send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, MaxKeys: 1 }));
  assert.equal(listed.$metadata.httpStatusCode, 200);
});
