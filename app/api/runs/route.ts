import { NextResponse } from "next/server";
import { parseOrThrow } from "@/lib/api/validation";
import { searchParamsObject } from "@/lib/api/search-params";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { listRuns, listRunsQuerySchema } from "@/lib/runs/list-runs";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await authorise(request, "viewer");
  const query = parseOrThrow(listRunsQuerySchema, searchParamsObject(request.url));
  return NextResponse.json(await listRuns(query), { headers: { "cache-control": "no-store" } });
});
