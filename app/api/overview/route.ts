import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { getShiftOverview } from "@/lib/overview/get-shift-overview";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await authorise(request, "viewer");
  return NextResponse.json(await getShiftOverview());
});
