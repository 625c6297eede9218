/**
 * What a caller must be to use a route: viewer reads, operator changes
 * configurations and runs routines, admin manages secrets and users.
 */
export type Role = "viewer" | "operator" | "admin";

export interface Actor {
  /** A user name, or a token's name: what routines and runs record as who did it. */
  name: string;
  role: Role;
}

/**
 * The one place every route asks who the caller is. Team access (issue 6) puts
 * the session and API-token check here; until then every caller is the local
 * operator, so no route needs to change when it lands.
 */
export async function authorise(_request: Request, _role: Role): Promise<Actor> {
  return { name: "local", role: "admin" };
}
