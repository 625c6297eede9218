import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { getRunSummary } from "@/lib/runs/get-run-summary";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorise(request, "viewer");
  const { id } = await params;
  return NextResponse.json(await getRunSummary(id), { headers: { "cache-control": "no-store" } });
});
