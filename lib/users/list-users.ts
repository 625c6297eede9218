import { db } from "@/lib/db";
import { toUserView, userViewSelect, type UserView } from "@/lib/users/user-view";

export async function listUsers(): Promise<UserView[]> {
  const rows = await db.user.findMany({ select: userViewSelect, orderBy: { username: "asc" } });
  return rows.map(toUserView);
}
