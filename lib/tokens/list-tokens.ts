import type { Actor } from "@/lib/auth/actor";
import { hasRole } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import { effectiveTokenRole } from "@/lib/tokens/effective-token-role";
import { toTokenView, tokenViewInclude, type TokenView } from "@/lib/tokens/token-view";

/** The actor's own tokens, newest first, up to its own role; every user's for an admin who asks for all. */
export async function listTokens(actor: Actor, options: { all: boolean }): Promise<TokenView[]> {
  if (options.all && actor.role !== "admin") throw new CosmoError("FORBIDDEN", "only admins may list every user's tokens");
  const rows = await db.apiToken.findMany({
    where: options.all ? {} : { createdById: actor.userId },
    include: { createdBy: { select: { ...tokenViewInclude.createdBy.select, role: true } } },
    orderBy: { createdAt: "desc" },
  });
  // A caller does not see tokens that may do more than it may (its owner's admin token, to a viewer token).
  return rows.filter((row) => hasRole(actor.role, effectiveTokenRole(row))).map(toTokenView);
}
