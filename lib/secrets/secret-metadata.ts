import type { Secret } from "@/lib/generated/prisma/client";

/** All an API may tell about a secret: never its value, sealed or not. */
export type SecretMetadata = Pick<Secret, "id" | "name" | "kind" | "createdAt" | "updatedAt">;

export const secretMetadataSelect = { id: true, name: true, kind: true, createdAt: true, updatedAt: true } as const;
