import type { Actor } from "@/lib/auth/actor";
import { hasRole } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/record-audit";
import { invalidFields, parseOrThrow } from "@/lib/api/validation";
import { db } from "@/lib/db";
import { conflictOnUnique } from "@/lib/db-errors";
import { createTokenSchema, type CreateTokenInput } from "@/lib/tokens/token-input";
import { newTokenValue } from "@/lib/tokens/token-value";
import { toTokenView, tokenViewInclude, type TokenView } from "@/lib/tokens/token-view";

const DAY_MS = 86_400_000;

/**
 * A new API token for the actor's user. The value is returned here only:
 * the database keeps its sha256. Its role can not exceed the creator's.
 */
export async function createToken(input: CreateTokenInput, actor: Actor): Promise<{ token: TokenView; value: string }> {
  const parsed = parseOrThrow(createTokenSchema, input);
  if (!hasRole(actor.role, parsed.role)) throw invalidFields([{ path: "role", message: `at most your own role (${actor.role})` }]);
  const { value, hash, prefix } = newTokenValue();
  const token = await conflictOnUnique(
    () =>
      db.$transaction(async (tx) => {
        const row = await tx.apiToken.create({
          data: { name: parsed.name, role: parsed.role, tokenHash: hash, prefix, createdById: actor.userId, expiresAt: new Date(Date.now() + parsed.expiresInDays * DAY_MS) },
          include: tokenViewInclude,
        });
        await recordAudit({ actor, action: "token.created", target: { type: "token", id: row.id }, details: { name: row.name, prefix, role: row.role, expiresAt: row.expiresAt!.toISOString() } }, tx);
        return row;
      }),
    `you already have a token named "${parsed.name}"`,
  );
  return { token: toTokenView(token), value };
}
