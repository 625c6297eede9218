import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/search-params";
import { parseOrThrow } from "@/lib/api/validation";
import { runTrend, runTrendQuerySchema } from "@/lib/trends/run-trend";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorise(request, "viewer");
  const { id } = await params;
  return NextResponse.json(await runTrend(id, parseOrThrow(runTrendQuerySchema, searchParamsObject(request.url))));
});
