import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { homeDir } from "@/lib/runtime/paths";
import { readOrCreateSecretFile } from "@/lib/runtime/secret-file";

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** Where the local S3 server's keys live; the server and every client of this COSMO_HOME read them. */
export const localS3CredentialsFile = () => homeDir("s3-credentials");

/** The local server's keys, generated on first use: no two installations share a default. */
export function localS3Credentials(): S3Credentials {
  const text = readOrCreateSecretFile(localS3CredentialsFile(), () =>
    JSON.stringify({ accessKeyId: `COSMO${randomBytes(10).toString("hex").toUpperCase()}`, secretAccessKey: randomBytes(30).toString("base64url") }) + "\n",
  );
  return JSON.parse(text) as S3Credentials;
}

/**
 * S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY when set; unset, the local
 * server's generated keys, or with S3_ENDPOINT (a real S3) undefined, which
 * leaves them to the AWS SDK's own chain (AWS_* variables, profiles, roles).
 */
export function s3Credentials(): S3Credentials | undefined {
  if (env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY) return { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY };
  return env.S3_ENDPOINT ? undefined : localS3Credentials();
}
