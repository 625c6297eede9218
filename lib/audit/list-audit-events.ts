import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { hasRole } from "@/lib/auth/roles";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export const auditQuerySchema = z.object({
  targetType: z.enum(["cluster", "secret", "routine", "run", "user", "token", "alarm", "webhook"]).optional(),
  targetId: z.string().min(1).max(200).optional(),
  actor: z.string().min(1).max(200).optional(),
  /** An action, or its domain (`cluster` matches cluster.created, cluster.updated...). */
  action: z.string().regex(/^[a-z]+(\.[a-z-]+)?$/, "an action like cluster.updated, or a domain like cluster").optional(),
  /** Events strictly before this instant: the `at` of the last event of the previous page. */
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuditEventView {
  id: string;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  details: unknown;
}

/**
 * The audit log, newest first, filtered. Logins (who tried which user name,
 * from which address) are for admins only; the rest is for every role.
 */
export async function listAuditEvents(query: AuditQuery, actor: Actor): Promise<AuditEventView[]> {
  const where: Prisma.AuditEventWhereInput = {
    ...(hasRole(actor.role, "admin") ? {} : { NOT: { action: { startsWith: "login." } } }),
    targetType: query.targetType,
    targetId: query.targetId,
    actor: query.actor,
    ...(query.action ? { action: query.action.includes(".") ? query.action : { startsWith: `${query.action}.` } } : {}),
    ...(query.before ? { at: { lt: new Date(query.before) } } : {}),
  };
  const rows = await db.auditEvent.findMany({ where, orderBy: [{ at: "desc" }, { id: "desc" }], take: query.limit });
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
