import {
  type BucketLocationConstraint,
  CreateBucketCommand,
  HeadBucketCommand,
  S3Client,
  type S3ClientConfig,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { clusterAddress, env } from "@/lib/env";
import { s3Credentials } from "@/lib/s3/credentials";

export function s3Endpoint(): string {
  return env.S3_ENDPOINT ?? `http://${env.COSMO_HOST}:${env.COSMO_S3_PORT}`;
}

/** COSMO's S3 as a cluster's remote hosts reach it: the local server at COSMO_CLUSTER_ADDRESS. */
export function clusterS3Endpoint(): string {
  return env.S3_ENDPOINT ?? `http://${clusterAddress()}:${env.COSMO_S3_PORT}`;
}

export function s3ClientConfig(): S3ClientConfig {
  return {
    endpoint: s3Endpoint(),
    region: env.S3_REGION,
    credentials: s3Credentials(),
    // Bucket in the path: no wildcard DNS for local or most self-hosted endpoints.
    forcePathStyle: true,
    // SDK >= 3.729 adds CRC32 checksums by default and sends streamed bodies as
    // aws-chunked with trailers, which not every S3-compatible server accepts
    // (s3rver stored them verbatim). Only checksum where the S3 API demands it.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  };
}

let client: S3Client | undefined;

/** One shared client: it pools HTTP connections. */
export function s3Client(): S3Client {
  client ??= new S3Client(s3ClientConfig());
  return client;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

/** Creates the bucket unless it exists; safe to call concurrently and repeatedly. */
export async function ensureBucket(name: string): Promise<void> {
  const s3 = s3Client();
  try {
    await s3.send(new HeadBucketCommand({ Bucket: name }));
    return;
  } catch (error) {
    if (statusOf(error) !== 404) throw error;
  }
  try {
    // Outside us-east-1, real S3 rejects a CreateBucket without the region.
    const location = env.S3_REGION === "us-east-1" ? undefined : { LocationConstraint: env.S3_REGION as BucketLocationConstraint };
    await s3.send(new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: location }));
  } catch (error) {
    const code = error instanceof S3ServiceException ? error.name : "";
    if (code !== "BucketAlreadyOwnedByYou" && code !== "BucketAlreadyExists") throw error;
    // Created concurrently, or (on real S3) somebody else's: only usable if we can reach it.
    await s3.send(new HeadBucketCommand({ Bucket: name }));
  }
}
