import type { ActorName } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { parseOrThrow } from "@/lib/api/validation";
import { db } from "@/lib/db";
import { conflictOnUnique } from "@/lib/db-errors";
import { seal } from "@/lib/secrets/seal";
import { secretKey } from "@/lib/secrets/secret-key";
import { encodeSecretValue } from "@/lib/secrets/secret-value";
import { webhookInputSchema, webhookSecretName, type WebhookInput } from "@/lib/webhooks/webhook-input";
import { toWebhookView, webhookViewInclude, type WebhookView } from "@/lib/webhooks/webhook-view";

/** Stores a webhook: its URL sealed as the secret `webhook-<name>`, both in one transaction. */
export async function createWebhook(input: WebhookInput, actor: ActorName): Promise<WebhookView> {
  const parsed = parseOrThrow(webhookInputSchema, input);
  const sealed = seal(encodeSecretValue("webhook_url", parsed.url), secretKey());
  const webhook = await conflictOnUnique(
    () =>
      db.$transaction(async (tx) => {
        const secret = await tx.secret.create({ data: { name: webhookSecretName(parsed.name), kind: "webhook_url", sealed } });
        return tx.webhook.create({ data: { name: parsed.name, secretId: secret.id, enabled: parsed.enabled, createdBy: actor.name }, include: webhookViewInclude });
      }),
    `a webhook named "${parsed.name}" (or a secret named "${webhookSecretName(parsed.name)}") already exists`,
  );
  const view = await toWebhookView(webhook);
  await recordAudit({ actor, action: "webhook.created", target: { type: "webhook", id: webhook.name }, details: { host: view.host, enabled: webhook.enabled } });
  return view;
}
