import type { ActorName } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export type AuditTargetType = "cluster" | "secret" | "routine" | "run" | "user" | "token" | "alarm" | "webhook";

export interface AuditEntry {
  actor: ActorName;
  /** domain.verb: cluster.updated, routine.requested, run.halted, login.failed... */
  action: string;
  target: { type: AuditTargetType; id: string };
  /** What changed, never a secret's or a token's value. */
  details?: Prisma.InputJsonObject;
}

type Client = Pick<Prisma.TransactionClient, "auditEvent">;

/** Records who did what to which target; `client` puts it in the caller's transaction. */
export async function recordAudit(entry: AuditEntry, client: Client = db): Promise<void> {
  await client.auditEvent.create({
    data: { actor: entry.actor.name, action: entry.action, targetType: entry.target.type, targetId: entry.target.id, details: entry.details ?? {} },
  });
}
