import { NextResponse } from "next/server";
import { route } from "@/lib/api/route";
import { getHealth } from "@/lib/health/get-health";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const health = await getHealth();
  return NextResponse.json(health, { status: 200, headers: { "cache-control": "no-store" } });
});
