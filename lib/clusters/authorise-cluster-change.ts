import type { Actor } from "@/lib/auth/actor";
import { hasRole } from "@/lib/auth/roles";
import { adminFieldChanges } from "@/lib/clusters/admin-fields";
import { CosmoError } from "@/lib/errors";

export type ClusterActor = Pick<Actor, "name" | "role">;

/**
 * An operator may save a configuration only when it leaves every admin-only
 * field as it was (`before`: the stored spec, the duplicated one, or for a new
 * configuration the localhost preset COSMO set up itself). 403 naming each field.
 */
export function assertMayChangeAdminFields(actor: ClusterActor, before: unknown, after: unknown): void {
  if (hasRole(actor.role, "admin")) return;
  const changed = adminFieldChanges(before, after);
  if (!changed.length) return;
  throw new CosmoError("FORBIDDEN", `only an admin may change where a cluster runs and which secrets it uses: ${changed.join(", ")}`, {
    fields: changed.map((path) => ({ path, message: "only an admin may change this field" })),
  });
}
