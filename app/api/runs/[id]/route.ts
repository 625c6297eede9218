import { NextResponse } from "next/server";
import { route } from "@/lib/api/route";
import { getRunSummary } from "@/lib/runs/get-run-summary";

export const dynamic = "force-dynamic";

export const GET = route(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return NextResponse.json(await getRunSummary(id), { headers: { "cache-control": "no-store" } });
});
