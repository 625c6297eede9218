import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { getAlarmOrThrow } from "@/lib/alarms/get-alarm-or-throw";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = route(async (request: Request, { params }: Context) => {
  const { id } = await params;
  await authorise(request, "viewer");
  return NextResponse.json(await getAlarmOrThrow(id));
});
