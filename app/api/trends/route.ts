import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/search-params";
import { parseOrThrow } from "@/lib/api/validation";
import { runsTrend, runsTrendQuerySchema } from "@/lib/trends/runs-trend";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await authorise(request, "viewer");
  return NextResponse.json(await runsTrend(parseOrThrow(runsTrendQuerySchema, searchParamsObject(request.url))));
});
