import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import { isUuid } from "@/lib/is-uuid";

/** A user by id or user name. */
export async function getUserRowOrThrow(idOrUsername: string) {
  const user = await db.user.findFirst({ where: isUuid(idOrUsername) ? { id: idOrUsername } : { username: idOrUsername.toLowerCase() } });
  if (!user) throw new CosmoError("NOT_FOUND", `user "${idOrUsername}" not found`);
  return user;
}
