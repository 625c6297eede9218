import type { Actor } from "@/lib/auth/actor";
import { auth } from "@/lib/auth/better-auth";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getUserRowOrThrow } from "@/lib/users/get-user-or-throw";
import type { UpdateUserInput } from "@/lib/users/user-input";
import { toUserView, userViewSelect, type UserView } from "@/lib/users/user-view";

/**
 * Changes a user's role, disables or re-enables them, or sets a new password.
 * Disabling ends their sessions and revokes their tokens at once, so enabling
 * them again revives neither. The last enabled admin stays one, so
 * COSMO can always be administered.
 */
export async function updateUser(idOrUsername: string, input: UpdateUserInput, actor: Actor): Promise<UserView> {
  const user = await getUserRowOrThrow(idOrUsername);
  if (user.id === actor.userId && (input.disabled || (input.role && input.role !== user.role))) {
    throw new CosmoError("CONFLICT", "you can not disable yourself or change your own role: ask another admin");
  }
  const hash = input.password ? await (await auth().$context).password.hash(input.password) : undefined;
  const updated = await db.$transaction(async (tx) => {
    const removesAdmin = user.role === "admin" && !user.disabled && (input.disabled || (input.role && input.role !== "admin"));
    if (removesAdmin && (await tx.user.count({ where: { role: "admin", disabled: false } })) <= 1) {
      throw new CosmoError("CONFLICT", `${user.username} is the last enabled admin`);
    }
    const row = await tx.user.update({ where: { id: user.id }, data: { role: input.role, disabled: input.disabled }, select: userViewSelect });
    if (hash) await tx.account.updateMany({ where: { userId: user.id, providerId: "credential" }, data: { password: hash } });
    if (input.disabled || hash) await tx.session.deleteMany({ where: { userId: user.id } });
    // Revoked, not merely refused while disabled: enabling the user again must not bring them back.
    const revokedTokens = input.disabled ? (await tx.apiToken.updateMany({ where: { createdById: user.id, revokedAt: null }, data: { revokedAt: new Date() } })).count : 0;
    for (const [field, action] of [["role", "user.role-changed"], ["disabled", input.disabled ? "user.disabled" : "user.enabled"], ["password", "user.password-set"]] as const) {
      if (input[field] === undefined) continue;
      const details: Prisma.InputJsonObject =
        field === "role" ? { username: row.username, from: user.role, to: row.role } : input.disabled && field === "disabled" ? { username: row.username, revokedTokens } : { username: row.username };
      await recordAudit({ actor, action, target: { type: "user", id: user.id }, details }, tx);
    }
    return row;
  });
  return toUserView(updated);
}
