import type { Actor } from "@/lib/auth/actor";
import { auth } from "@/lib/auth/better-auth";
import type { Role } from "@/lib/auth/roles";

/** The logged-in user behind the request's session cookie, or null (no cookie, expired, signed out, disabled). */
export async function actorOfSession(headers: Headers): Promise<Actor | null> {
  const session = await auth().api.getSession({ headers });
  if (!session || session.user.disabled) return null;
  return { name: session.user.username ?? session.user.name, role: session.user.role as Role, userId: session.user.id };
}
