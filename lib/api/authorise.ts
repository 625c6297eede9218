import { actorOfSession } from "@/lib/auth/actor-of-session";
import type { Actor } from "@/lib/auth/actor";
import { hasRole, type Role } from "@/lib/auth/roles";
import { CosmoError } from "@/lib/errors";
import { actorOfToken } from "@/lib/tokens/actor-of-token";

export type { Actor, Role };

const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);

/** The host the browser addressed: X-Forwarded-Host survives only from a trusted proxy (lib/api/forwarded.ts). */
const requestHost = (request: Request) => (request.headers.get("x-forwarded-host")?.split(",")[0] ?? request.headers.get("host") ?? "").trim().toLowerCase();

const originHost = (origin: string): string | null => {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
};

/**
 * A browser sends the session cookie with any request to this host; a page on
 * another site must not make it change anything (the cookie is SameSite=Lax,
 * this also covers older browsers and same-site subdomains). An Origin that
 * names no host (`null` from a sandboxed frame or a redirect, or garbage) is
 * no proof of coming from here either.
 */
function assertSameOrigin(request: Request): void {
  const origin = request.headers.get("origin");
  if (safeMethods.has(request.method) || origin === null) return;
  if (originHost(origin) !== requestHost(request)) throw new CosmoError("FORBIDDEN", "cross-site requests may not change anything");
}

/** Who calls: `Authorization: Bearer <token>` for scripts, else the browser's session cookie. */
export async function actorOf(request: Request): Promise<Actor | null> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new CosmoError("UNAUTHORIZED", "the Authorization header must be `Bearer <token>`");
    const actor = await actorOfToken(match[1]!);
    if (!actor) throw new CosmoError("UNAUTHORIZED", "the API token is unknown, expired or revoked");
    return actor;
  }
  const actor = await actorOfSession(request.headers);
  if (actor) assertSameOrigin(request);
  return actor;
}

/**
 * The one place every route asks who the caller is: 401 when nobody is
 * logged in (or the token is not valid), 403 when their role is below `role`.
 * Role order: admin > operator > viewer.
 */
export async function authorise(request: Request, role: Role): Promise<Actor> {
  const actor = await actorOf(request);
  if (!actor) throw new CosmoError("UNAUTHORIZED", "log in, or send an API token as `Authorization: Bearer <token>`");
  if (!hasRole(actor.role, role)) throw new CosmoError("FORBIDDEN", `this needs the ${role} role; ${actor.name} is ${actor.role}`);
  return actor;
}
