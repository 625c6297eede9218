import type { Actor } from "@/lib/auth/actor";
import { hasRole } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import { isUuid } from "@/lib/is-uuid";
import { effectiveTokenRole } from "@/lib/tokens/effective-token-role";
import { toTokenView, tokenViewInclude, type TokenView } from "@/lib/tokens/token-view";

/**
 * Revokes a token: every request is checked against the database, so it
 * stops working with the next one. Users revoke their own; admins any. Never
 * one that may do more than the caller (a viewer token of an admin can not
 * revoke that admin's admin token).
 * Revoking a revoked token changes nothing.
 */
export async function revokeToken(id: string, actor: Actor): Promise<TokenView> {
  const token = isUuid(id) ? await db.apiToken.findUnique({ where: { id }, include: { createdBy: { select: { role: true } } } }) : null;
  if (!token || (token.createdById !== actor.userId && actor.role !== "admin")) throw new CosmoError("NOT_FOUND", `token ${id} not found`);
  const role = effectiveTokenRole(token);
  if (!hasRole(actor.role, role)) throw new CosmoError("FORBIDDEN", `a ${actor.role} can not revoke a ${role} token`);
  const row = await db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count) await recordAudit({ actor, action: "token.revoked", target: { type: "token", id }, details: { name: token.name, prefix: token.prefix } }, tx);
    return tx.apiToken.findUniqueOrThrow({ where: { id }, include: tokenViewInclude });
  });
  return toTokenView(row);
}
