import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/search-params";
import { parseOrThrow } from "@/lib/api/validation";
import { alarmQuerySchema, listAlarms } from "@/lib/alarms/list-alarms";

export const dynamic = "force-dynamic";

/** Alarms newest first, a page at a time: ?state=active|cleared|all&source=&clusterId=&runId=&cursor=&limit= */
export const GET = route(async (request: Request) => {
  await authorise(request, "viewer");
  const query = parseOrThrow(alarmQuerySchema, searchParamsObject(request.url));
  return NextResponse.json(await listAlarms(query));
});
