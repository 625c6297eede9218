import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/search-params";
import { parseOrThrow } from "@/lib/api/validation";
import { getRunQuality, runQualityQuerySchema } from "@/lib/quality/get-run-quality";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorise(request, "viewer");
  const { id } = await params;
  const query = parseOrThrow(runQualityQuerySchema, searchParamsObject(request.url));
  return NextResponse.json(await getRunQuality(id, query), { headers: { "cache-control": "no-store" } });
});
