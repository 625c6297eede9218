import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import type { Secret } from "@/lib/generated/prisma/client";

export async function getSecretRowOrThrow(name: string): Promise<Secret> {
  const secret = await db.secret.findUnique({ where: { name } });
  if (!secret) throw new CosmoError("NOT_FOUND", `secret "${name}" not found`);
  return secret;
}
