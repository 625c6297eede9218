import type { Role } from "@/lib/generated/prisma/enums";

export type { Role };

export const roles = ["viewer", "operator", "admin"] as const satisfies readonly Role[];

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** admin > operator > viewer: true when `role` may do what `needed` may. */
export const hasRole = (role: Role, needed: Role): boolean => rank[role] >= rank[needed];

/** The lesser of two roles: a token never does more than the person behind it may do now. */
export const lesserRole = (a: Role, b: Role): Role => (rank[a] <= rank[b] ? a : b);
