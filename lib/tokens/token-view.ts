import type { Role } from "@/lib/auth/roles";
import type { ApiToken, User } from "@/lib/generated/prisma/client";

/** A token as lists show it: its prefix identifies it, its value is never shown again. */
export interface TokenView {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export const toTokenView = (t: ApiToken & { createdBy: Pick<User, "username" | "name"> }): TokenView => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  role: t.role,
  createdBy: t.createdBy.username ?? t.createdBy.name,
  createdAt: t.createdAt.toISOString(),
  expiresAt: iso(t.expiresAt),
  lastUsedAt: iso(t.lastUsedAt),
  revokedAt: iso(t.revokedAt),
});

export const tokenViewInclude = { createdBy: { select: { username: true, name: true } } } as const;
