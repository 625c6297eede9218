import type { ActorName } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";

/** Deletes a webhook, its sealed URL and its delivery history; deliveries still queued for it find it gone and stop. */
export async function deleteWebhook(name: string, actor: ActorName): Promise<void> {
  const deleted = await db.$transaction(async (tx) => {
    const webhook = await tx.webhook.findUnique({ where: { name } });
    if (!webhook) return false;
    await tx.webhook.delete({ where: { id: webhook.id } });
    await tx.secret.delete({ where: { id: webhook.secretId } });
    return true;
  });
  if (!deleted) throw new CosmoError("NOT_FOUND", `webhook "${name}" not found`);
  await recordAudit({ actor, action: "webhook.deleted", target: { type: "webhook", id: name } });
}
