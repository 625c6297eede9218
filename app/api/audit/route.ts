import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow } from "@/lib/api/validation";
import { auditQuerySchema, listAuditEvents } from "@/lib/audit/list-audit-events";

export const dynamic = "force-dynamic";

/** The audit log, newest first; ?targetType=run&targetId=ID gives a run's events. */
export const GET = route(async (request: Request) => {
  await authorise(request, "viewer");
  const query = parseOrThrow(auditQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json({ events: await listAuditEvents(query) });
});
