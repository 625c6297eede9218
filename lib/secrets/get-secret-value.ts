import { CosmoError } from "@/lib/errors";
import type { SecretKind } from "@/lib/generated/prisma/client";
import { getSecretRowOrThrow } from "@/lib/secrets/get-secret-row-or-throw";
import { unseal } from "@/lib/secrets/seal";
import { secretKey, secretKeySource } from "@/lib/secrets/secret-key";
import { decodeSecretValue, type S3Credentials, type SecretValues } from "@/lib/secrets/secret-value";

/** A secret's value, for the routines only: no route may call this. */
export async function getSecretValueOrThrow<K extends SecretKind>(name: string, kind: K): Promise<SecretValues[K]> {
  const secret = await getSecretRowOrThrow(name);
  if (secret.kind !== kind) throw new CosmoError("BAD_REQUEST", `secret "${name}" is of kind ${secret.kind}, not ${kind}`);
  return decodeSecretValue(kind, unseal(secret.sealed, secretKey(), { name, keySource: secretKeySource() }));
}

export const getSshKeyOrThrow = (name: string): Promise<string> => getSecretValueOrThrow(name, "ssh_key");

export const getS3CredentialsOrThrow = (name: string): Promise<S3Credentials> => getSecretValueOrThrow(name, "s3_credentials");

export const getWebhookUrlOrThrow = (name: string): Promise<string> => getSecretValueOrThrow(name, "webhook_url");
