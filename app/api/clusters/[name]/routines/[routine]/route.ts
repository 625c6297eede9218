import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow, readJson } from "@/lib/api/validation";
import { requestRoutine, routinePathSchema } from "@/lib/routines/request-routine";

/** Queues a routine; 202 with the execution to follow at /api/routines/{id}. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ name: string; routine: string }> }) => {
  const actor = await authorise(request, "operator");
  const { name, routine } = parseOrThrow(routinePathSchema, await params);
  const execution = await requestRoutine({ cluster: name, routine, params: await readJson(request, {}) }, actor);
  return NextResponse.json({ execution }, { status: 202 });
});
