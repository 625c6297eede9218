import { NextResponse } from "next/server";
import { parseOrThrow } from "@/lib/api/validation";
import { searchParamsObject } from "@/lib/api/search-params";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { listRunWindows, listRunWindowsQuerySchema } from "@/lib/runs/list-run-windows";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorise(request, "viewer");
  const { id } = await params;
  const query = parseOrThrow(listRunWindowsQuerySchema, searchParamsObject(request.url));
  return NextResponse.json({ windows: await listRunWindows(id, query) }, { headers: { "cache-control": "no-store" } });
});
