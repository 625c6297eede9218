import fs from "node:fs";
import { HeadBucketCommand, ListBucketsCommand, S3Client } from "@aws-sdk/client-s3";
import { env } from "@/lib/env";
import { CosmoError } from "@/lib/errors";
import { serviceDir } from "@/lib/runtime/paths";
import { assertPortFree, spawnDaemon, stopDaemon, tcpReachable, waitUntil } from "@/lib/runtime/process";
import { daemonStatus, type Service, type ServiceStatus } from "@/lib/runtime/service";
import { installVersitygw, VERSITYGW_VERSION, versitygwDaemon } from "@/lib/runtime/services/s3-server";
import { ensureBucket, s3ClientConfig, s3Endpoint } from "@/lib/s3/client";
import { localS3Credentials } from "@/lib/s3/credentials";

const dataDir = () => serviceDir("s3", "data");

// The shared client retries with backoff; a probe must answer at once.
let probeClient: S3Client | undefined;
const probe = () => (probeClient ??= new S3Client({ ...s3ClientConfig(), maxAttempts: 1 }));

/** Healthy means a real S3 call succeeds, not merely an open port. */
async function healthy(): Promise<boolean> {
  const signal = AbortSignal.timeout(2000);
  if (env.S3_ENDPOINT) {
    // Scoped credentials often may not ListBuckets; the bucket itself is what we need.
    await probe().send(new HeadBucketCommand({ Bucket: env.S3_BUCKET }), { abortSignal: signal });
    return true;
  }
  if (!(await tcpReachable(env.COSMO_HOST, env.COSMO_S3_PORT))) return false;
  await probe().send(new ListBucketsCommand({}), { abortSignal: signal });
  return true;
}

export const s3: Service = {
  name: "s3",
  description: "S3-compatible object store (versitygw, filesystem-backed) holding raw and processed data",
  version: VERSITYGW_VERSION,

  async install(progress) {
    if (env.S3_ENDPOINT) return;
    await installVersitygw(progress);
    fs.mkdirSync(dataDir(), { recursive: true });
  },

  async start(progress) {
    if (env.S3_ENDPOINT) return;
    if ((await this.status()).state !== "running") {
      await this.install(progress);
      await stopDaemon("s3");
      await assertPortFree(env.COSMO_HOST, env.COSMO_S3_PORT, "s3");
      const record = spawnDaemon(versitygwDaemon(dataDir(), localS3Credentials()));
      await waitUntil(healthy, { service: "s3", what: "ListBuckets", pid: record, timeoutMs: 30_000 });
    }
    progress(`ensuring bucket ${env.S3_BUCKET}`);
    await ensureBucket(env.S3_BUCKET).catch((error: unknown) => {
      throw new CosmoError("SERVICE_FAILED", `s3: cannot create bucket ${env.S3_BUCKET}`, { cause: error });
    });
  },

  async stop() {
    if (env.S3_ENDPOINT) return;
    await stopDaemon("s3");
  },

  async status(): Promise<ServiceStatus> {
    const base = { name: "s3", version: VERSITYGW_VERSION, url: s3Endpoint() };
    if (env.S3_ENDPOINT) {
      const ok = await healthy().catch(() => false);
      return { ...base, version: "external", state: ok ? "external" : "unhealthy", detail: `bucket ${env.S3_BUCKET}` };
    }
    return daemonStatus({ ...base, port: env.COSMO_S3_PORT, detail: dataDir() }, healthy);
  },
};
