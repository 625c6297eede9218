import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { acknowledgeAlarm } from "@/lib/alarms/acknowledge-alarm";

type Context = { params: Promise<{ id: string }> };

/** Acknowledges an alarm (audited); a second acknowledgement changes nothing and says so. */
export const POST = route(async (request: Request, { params }: Context) => {
  const { id } = await params;
  const actor = await authorise(request, "operator");
  return NextResponse.json(await acknowledgeAlarm(id, actor));
});
