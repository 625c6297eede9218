import type { ActorName } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { parseOrThrow } from "@/lib/api/validation";
import { db } from "@/lib/db";
import { conflictOnUnique } from "@/lib/db-errors";
import { seal } from "@/lib/secrets/seal";
import { secretKey } from "@/lib/secrets/secret-key";
import { secretMetadataSelect, type SecretMetadata } from "@/lib/secrets/secret-metadata";
import { encodeSecretValue, secretInputSchema, type SecretInput } from "@/lib/secrets/secret-value";

/** Stores a new secret, sealed; its name must be free. */
export async function createSecret(input: SecretInput, actor: ActorName): Promise<SecretMetadata> {
  const parsed = parseOrThrow(secretInputSchema, input);
  const sealed = seal(encodeSecretValue(parsed.kind, parsed.value), secretKey());
  const secret = await conflictOnUnique(
    () => db.secret.create({ data: { name: parsed.name, kind: parsed.kind, sealed }, select: secretMetadataSelect }),
    `a secret named "${parsed.name}" already exists`,
  );
  await recordAudit({ actor, action: "secret.created", target: { type: "secret", id: secret.name }, details: { kind: secret.kind } });
  return secret;
}
