import type { ActorName } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { parseOrThrow } from "@/lib/api/validation";
import { db } from "@/lib/db";
import { seal } from "@/lib/secrets/seal";
import { getSecretRowOrThrow } from "@/lib/secrets/get-secret-row-or-throw";
import { secretKey } from "@/lib/secrets/secret-key";
import { secretMetadataSelect, type SecretMetadata } from "@/lib/secrets/secret-metadata";
import { encodeSecretValue, secretValueSchemas } from "@/lib/secrets/secret-value";
import { z } from "zod";

// The value's shape depends on the stored secret's kind: replaceSecret checks it.
export const replaceSecretInputSchema = z.object({ value: z.unknown() });

/** Gives an existing secret a new value of its own kind (a rotated key, new credentials). */
export async function replaceSecret(name: string, input: { value: unknown }, actor: ActorName): Promise<SecretMetadata> {
  const { kind } = await getSecretRowOrThrow(name);
  const { value } = parseOrThrow(z.object({ value: secretValueSchemas[kind] }), input);
  const secret = await db.secret.update({ where: { name }, data: { sealed: seal(encodeSecretValue(kind, value), secretKey()) }, select: secretMetadataSelect });
  await recordAudit({ actor, action: "secret.replaced", target: { type: "secret", id: name }, details: { kind } });
  return secret;
}
