import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import { toTokenView, tokenViewInclude, type TokenView } from "@/lib/tokens/token-view";

/** The actor's own tokens, newest first; every user's for an admin who asks for all. */
export async function listTokens(actor: Actor, options: { all: boolean }): Promise<TokenView[]> {
  if (options.all && actor.role !== "admin") throw new CosmoError("FORBIDDEN", "only admins may list every user's tokens");
  const rows = await db.apiToken.findMany({ where: options.all ? {} : { createdById: actor.userId }, include: tokenViewInclude, orderBy: { createdAt: "desc" } });
  return rows.map(toTokenView);
}
