import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { effectiveTokenRole } from "@/lib/tokens/effective-token-role";
import { hashTokenValue } from "@/lib/tokens/token-value";

// lastUsedAt is for people reading the tokens page: a minute's precision spares a write per request.
const LAST_USED_PRECISION_MS = 60_000;

/**
 * The actor behind a bearer token, or null when the token is unknown, revoked,
 * expired or its creator disabled. Read from the database on every request, so
 * a revocation takes effect at once.
 */
export async function actorOfToken(value: string): Promise<Actor | null> {
  const token = await db.apiToken.findUnique({ where: { tokenHash: hashTokenValue(value) }, include: { createdBy: true } });
  const now = new Date();
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now) || token.createdBy.disabled) return null;
  await db.apiToken.updateMany({
    where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_PRECISION_MS) } }] },
    data: { lastUsedAt: now },
  });
  return {
    name: `${token.createdBy.username ?? token.createdBy.name}/${token.name}`,
    role: effectiveTokenRole(token),
    userId: token.createdById,
    tokenId: token.id,
  };
}
