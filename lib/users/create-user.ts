import { randomUUID } from "node:crypto";
import type { ActorName } from "@/lib/auth/actor";
import { auth } from "@/lib/auth/better-auth";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { conflictOnUnique } from "@/lib/db-errors";
import { toUserView, userViewSelect, type UserView } from "@/lib/users/user-view";
import type { CreateUserInput } from "@/lib/users/user-input";

/**
 * A user who logs in with a user name and password (better-auth's credential
 * account, its password hashed by better-auth). No e-mail is ever sent: the
 * address better-auth requires is a placeholder that cannot be delivered.
 */
export async function createUser(input: CreateUserInput, actor: ActorName): Promise<UserView> {
  const hash = await (await auth().$context).password.hash(input.password);
  const id = randomUUID();
  const user = await conflictOnUnique(
    () =>
      db.$transaction(async (tx) => {
        const created = await tx.user.create({
          data: {
            id,
            username: input.username,
            displayUsername: input.username,
            name: input.name || input.username,
            email: `${input.username}@users.cosmo.invalid`,
            emailVerified: true,
            role: input.role,
            // better-auth finds the password by accountId = the user's id.
            accounts: { create: { providerId: "credential", accountId: id, password: hash } },
          },
          select: userViewSelect,
        });
        await recordAudit({ actor, action: "user.created", target: { type: "user", id: created.id }, details: { username: input.username, role: input.role } }, tx);
        return created;
      }),
    `a user named "${input.username}" already exists`,
  );
  return toUserView(user);
}
