import { db } from "@/lib/db";
import { secretMetadataSelect, type SecretMetadata } from "@/lib/secrets/secret-metadata";

export function listSecrets(): Promise<SecretMetadata[]> {
  return db.secret.findMany({ select: secretMetadataSelect, orderBy: { name: "asc" } });
}
