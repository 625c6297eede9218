import type { Role } from "@/lib/auth/roles";

/** Who makes a request: a logged-in user, or a user's API token. */
export interface Actor {
  /** A user name, or `user/token` for a token: what routines, runs and the audit log record as who did it. */
  name: string;
  role: Role;
  userId: string;
  /** Set when the request came with an API token. */
  tokenId?: string;
}

/** Who acts when COSMO itself does something (setup, presets). */
export const systemActor = { name: "system" } as const;

/** What the audit log records as the actor: an Actor, or a name (a routine acts for whoever requested it). */
export type ActorName = Pick<Actor, "name">;
