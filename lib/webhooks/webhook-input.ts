import { z } from "zod";
import { webhookUrlSchema } from "@/lib/secrets/secret-value";

/** A webhook's URL is stored as the secret `webhook-<name>`, itself a valid secret name. */
export const webhookSecretName = (webhook: string) => `webhook-${webhook}`;

export const webhookInputSchema = z.object({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,54}$/, "lower-case letters, digits and '-', starting with a letter or digit, at most 55"),
  url: webhookUrlSchema.describe("the incoming webhook's URL (Slack, Mattermost); stored sealed, never shown again"),
  enabled: z.boolean().default(true),
});

export type WebhookInput = z.input<typeof webhookInputSchema>;
