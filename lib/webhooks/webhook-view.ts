import type { Prisma } from "@/lib/generated/prisma/client";
import { getWebhookUrlOrThrow } from "@/lib/secrets/get-secret-value";

/** A webhook as the API shows it: of its URL, the host only. */
export interface WebhookView {
  id: string;
  name: string;
  host: string;
  enabled: boolean;
  createdBy: string;
  createdAt: string;
  lastDelivery: { at: string; event: string; attempt: number; status: number | null; error: string | null } | null;
}

export const webhookViewInclude = {
  secret: { select: { name: true } },
  deliveries: { orderBy: { at: "desc" }, take: 1, select: { at: true, event: true, attempt: true, status: true, error: true } },
} as const satisfies Prisma.WebhookInclude;

type WebhookRow = Prisma.WebhookGetPayload<{ include: typeof webhookViewInclude }>;

/** The URL's host, read from the sealed secret; a secret sealed under another key says so instead. */
async function hostOf(secretName: string): Promise<string> {
  try {
    return new URL(await getWebhookUrlOrThrow(secretName)).host;
  } catch {
    return "(unreadable: sealed with another key)";
  }
}

export async function toWebhookView({ secret, deliveries, secretId: _secret, ...w }: WebhookRow): Promise<WebhookView> {
  const last = deliveries[0];
  return {
    ...w,
    host: await hostOf(secret.name),
    createdAt: w.createdAt.toISOString(),
    lastDelivery: last ? { ...last, at: last.at.toISOString() } : null,
  };
}
