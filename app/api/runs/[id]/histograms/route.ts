import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/search-params";
import { parseOrThrow } from "@/lib/api/validation";
import { sumRunHistograms } from "@/lib/runs/sum-run-histograms";
import { windowRangeQuerySchema } from "@/lib/runs/window-range";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorise(request, "viewer");
  const { id } = await params;
  const range = parseOrThrow(windowRangeQuerySchema, searchParamsObject(request.url));
  return NextResponse.json(await sumRunHistograms(id, range));
});
