import type { ActorName } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { clustersUsingSecret } from "@/lib/clusters/clusters-using-secret";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";

/** Refused while a configuration references the secret: its routines would fail later, far from the cause. */
export async function deleteSecret(name: string, actor: ActorName): Promise<void> {
  const users = await clustersUsingSecret(name);
  if (users.length) throw new CosmoError("CONFLICT", `secret "${name}" is used by the cluster configuration(s) ${users.join(", ")}`);
  const { count } = await db.secret.deleteMany({ where: { name } });
  if (count === 0) throw new CosmoError("NOT_FOUND", `secret "${name}" not found`);
  await recordAudit({ actor, action: "secret.deleted", target: { type: "secret", id: name } });
}
