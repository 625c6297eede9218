import fs from "node:fs";
import path from "node:path";
import { childEnv, env, listenAddresses } from "@/lib/env";
import { cacheDir } from "@/lib/runtime/paths";
import { requireGo } from "@/lib/runtime/prerequisites";
import { run, type DaemonSpec } from "@/lib/runtime/process";
import type { Progress } from "@/lib/runtime/service";
import type { S3Credentials } from "@/lib/s3/credentials";

/**
 * The local S3 server: Versity's versitygw with its POSIX backend (a bucket is
 * a directory, an object a file, metadata in extended attributes), built from
 * its Go module once into the cache. docs/s3-server.md says why this one.
 */
export const VERSITYGW_VERSION = "1.8.0";
const MODULE = "github.com/versity/versitygw";

const binDir = () => cacheDir(`versitygw-${VERSITYGW_VERSION}`);
export const versitygwBin = () => path.join(binDir(), "versitygw");

/** `go install` into a scratch folder renamed into place: a half-built binary is never taken for an installed one. */
export async function installVersitygw(progress: Progress): Promise<void> {
  if (fs.existsSync(versitygwBin())) return;
  await requireGo();
  progress(`building versitygw ${VERSITYGW_VERSION} from its Go module (once; a few minutes)`);
  const scratch = `${binDir()}.partial-${process.pid}`;
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(scratch, { recursive: true });
  try {
    await run(
      "go",
      ["install", "-trimpath", `-ldflags=-s -w -X main.Version=v${VERSITYGW_VERSION}`, `${MODULE}/cmd/versitygw@v${VERSITYGW_VERSION}`],
      // GOTOOLCHAIN=local: a too-old Go says so instead of fetching another toolchain.
      { env: childEnv({ GOBIN: scratch, GOTOOLCHAIN: "local", GOFLAGS: "-buildvcs=false", CGO_ENABLED: "0" }) },
    );
    fs.rmSync(binDir(), { recursive: true, force: true });
    fs.renameSync(scratch, binDir());
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The daemon: keys through its environment, so they never show on a command line. */
export function versitygwDaemon(dataDir: string, credentials: S3Credentials): DaemonSpec {
  return {
    name: "s3",
    command: versitygwBin(),
    args: [...listenAddresses().flatMap((a) => ["--port", `${a}:${env.COSMO_S3_PORT}`]), "--region", env.S3_REGION, "posix", dataDir],
    cwd: dataDir,
    env: childEnv({ ROOT_ACCESS_KEY_ID: credentials.accessKeyId, ROOT_SECRET_ACCESS_KEY: credentials.secretAccessKey }),
  };
}
