import { randomBytes } from "node:crypto";
import path from "node:path";
import { env } from "@/lib/env";
import { CosmoError } from "@/lib/errors";
import { readOrCreateSecretFile } from "@/lib/runtime/secret-file";

export const KEY_BYTES = 32;

/** Where the key lives when COSMO_SECRET_KEY is unset, so the embedded defaults need no setup. */
export const secretKeyFile = () => path.join(env.COSMO_HOME, "secret.key");

export const secretKeySource = () => (env.COSMO_SECRET_KEY ? "COSMO_SECRET_KEY" : secretKeyFile());

function decodeKey(base64: string, source: string): Buffer {
  const key = Buffer.from(base64.trim(), "base64");
  if (key.length !== KEY_BYTES) throw new CosmoError("SECRET_UNREADABLE", `the secret key in ${source} is not base64 of ${KEY_BYTES} bytes`);
  return key;
}

function readOrCreateKeyFile(file: string): Buffer {
  return decodeKey(readOrCreateSecretFile(file, () => `${randomBytes(KEY_BYTES).toString("base64")}\n`), file);
}

let cached: Buffer | undefined;

/** The AES-256 key that seals the secrets: COSMO_SECRET_KEY, else <COSMO_HOME>/secret.key (created once, mode 0600). */
export function secretKey(): Buffer {
  cached ??= env.COSMO_SECRET_KEY ? decodeKey(env.COSMO_SECRET_KEY, "COSMO_SECRET_KEY") : readOrCreateKeyFile(secretKeyFile());
  return cached;
}
