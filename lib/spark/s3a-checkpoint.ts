import fs from "node:fs";
import path from "node:path";
import type { S3Credentials } from "@/lib/s3/credentials";
import { s3aJars } from "@/lib/runtime/services/spark";

export const isS3aUri = (location: string) => location.startsWith("s3a://");

export interface S3aAccess {
  endpoint: string;
  region: string;
  /** None: hadoop-aws's own chain (environment, instance profile) on each host. */
  credentials?: S3Credentials;
}

const escape = (value: string) => value.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

/**
 * A spark-submit properties file (mode 0600) that lets the driver and the
 * executors read and write checkpoints on S3: the S3 keys go to Spark's Hadoop
 * configuration through this file, never through a command line, and from the
 * driver to the executors over Spark's RPC. hadoop-aws and its SDK are put on
 * both class paths from the local cache.
 */
export function writeS3aProperties(file: string, access: S3aAccess): string {
  const url = new URL(access.endpoint);
  const classPath = s3aJars().join(":");
  const props: Record<string, string> = {
    "spark.driver.extraClassPath": classPath,
    "spark.executor.extraClassPath": classPath,
    "spark.hadoop.fs.s3a.endpoint": access.endpoint,
    "spark.hadoop.fs.s3a.endpoint.region": access.region,
    // A local S3 server (versitygw, MinIO) answers on its own host name, not on bucket sub-domains.
    "spark.hadoop.fs.s3a.path.style.access": "true",
    "spark.hadoop.fs.s3a.connection.ssl.enabled": String(url.protocol === "https:"),
    ...(access.credentials && {
      "spark.hadoop.fs.s3a.aws.credentials.provider": "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
      "spark.hadoop.fs.s3a.access.key": access.credentials.accessKeyId,
      "spark.hadoop.fs.s3a.secret.key": access.credentials.secretAccessKey,
    }),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, Object.entries(props).map(([k, v]) => `${k}=${escape(v)}\n`).join(""), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return file;
}
