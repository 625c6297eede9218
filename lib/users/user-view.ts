import type { Role } from "@/lib/auth/roles";

/** A user as the API shows it: never a password hash. */
export interface UserView {
  id: string;
  username: string;
  name: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

export const userViewSelect = { id: true, username: true, name: true, role: true, disabled: true, createdAt: true } as const;

export const toUserView = (u: { id: string; username: string | null; name: string; role: Role; disabled: boolean; createdAt: Date }): UserView => ({
  ...u,
  username: u.username ?? u.name,
  createdAt: u.createdAt.toISOString(),
});
