import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { alarmSummary } from "@/lib/alarms/alarm-summary";

export const dynamic = "force-dynamic";

/** What the top bar shows: active and unacknowledged counts, the worst severity. */
export const GET = route(async (request: Request) => {
  await authorise(request, "viewer");
  return NextResponse.json(await alarmSummary());
});
