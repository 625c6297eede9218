import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/search-params";
import { parseOrThrow } from "@/lib/api/validation";
import { auditQuerySchema, listAuditEvents } from "@/lib/audit/list-audit-events";

export const dynamic = "force-dynamic";

/** The audit log, newest first; ?targetType=run&targetId=ID gives a run's events. */
export const GET = route(async (request: Request) => {
  const actor = await authorise(request, "viewer");
  const query = parseOrThrow(auditQuerySchema, searchParamsObject(request.url));
  return NextResponse.json({ events: await listAuditEvents(query, actor) });
});
