import type { ActorName } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { clustersUsingSecret } from "@/lib/clusters/clusters-using-secret";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";

/** Refused while a configuration or a webhook references the secret: they would fail later, far from the cause. */
export async function deleteSecret(name: string, actor: ActorName): Promise<void> {
  const users = await clustersUsingSecret(name);
  if (users.length) throw new CosmoError("CONFLICT", `secret "${name}" is used by the cluster configuration(s) ${users.join(", ")}`);
  const webhook = await db.webhook.findFirst({ where: { secret: { name } }, select: { name: true } });
  if (webhook) throw new CosmoError("CONFLICT", `secret "${name}" is the URL of webhook ${webhook.name}: delete the webhook instead`);
  const { count } = await db.secret.deleteMany({ where: { name } });
  if (count === 0) throw new CosmoError("NOT_FOUND", `secret "${name}" not found`);
  await recordAudit({ actor, action: "secret.deleted", target: { type: "secret", id: name } });
}
