import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import { isUuid } from "@/lib/is-uuid";

/** A user by id or user name. */
export async function getUserRowOrThrow(idOrUsername: string) {
  const user = await db.user.findFirst({ where: isUuid(idOrUsername) ? { id: idOrUsername } : { username: idOrUsername.toLowerCase() } });
  if (!user) throw new CosmoError("NOT_FOUND", `user "${idOrUsername}" not found`);
  return user;
}

/** A user as the actor of what COSMO does on their behalf (setup steps, benchmarks, tests). */
export async function getActorOrThrow(username: string): Promise<Actor> {
  const user = await getUserRowOrThrow(username);
  return { name: user.username ?? user.name, role: user.role, userId: user.id };
}
