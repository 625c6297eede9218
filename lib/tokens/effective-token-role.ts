import { lesserRole, type Role } from "@/lib/auth/roles";

/** What a token may do now: its own role, capped by its creator's role as it is now. */
export const effectiveTokenRole = (token: { role: Role; createdBy: { role: Role } }): Role => lesserRole(token.role, token.createdBy.role);
