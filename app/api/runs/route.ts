import { NextResponse } from "next/server";
import { parseInputOrThrow, searchParamsObject } from "@/lib/api/parse-input";
import { route } from "@/lib/api/route";
import { listRuns, listRunsQuerySchema } from "@/lib/runs/list-runs";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  const query = parseInputOrThrow(listRunsQuerySchema, searchParamsObject(request.url));
  return NextResponse.json(await listRuns(query), { headers: { "cache-control": "no-store" } });
});
