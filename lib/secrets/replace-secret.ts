import { parseOrThrow } from "@/lib/api/validation";
import { db } from "@/lib/db";
import { seal } from "@/lib/secrets/seal";
import { getSecretRowOrThrow } from "@/lib/secrets/get-secret-row-or-throw";
import { secretKey } from "@/lib/secrets/secret-key";
import { secretMetadataSelect, type SecretMetadata } from "@/lib/secrets/secret-metadata";
import { encodeSecretValue, secretValueSchemas } from "@/lib/secrets/secret-value";
import { z } from "zod";

/** Gives an existing secret a new value of its own kind (a rotated key, new credentials). */
export async function replaceSecret(name: string, input: { value: unknown }): Promise<SecretMetadata> {
  const { kind } = await getSecretRowOrThrow(name);
  const { value } = parseOrThrow(z.object({ value: secretValueSchemas[kind] }), input);
  return db.secret.update({ where: { name }, data: { sealed: seal(encodeSecretValue(kind, value), secretKey()) }, select: secretMetadataSelect });
}
