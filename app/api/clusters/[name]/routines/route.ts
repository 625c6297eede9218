import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow } from "@/lib/api/validation";
import { listRoutineExecutions, routineListQuerySchema } from "@/lib/routines/list-routine-executions";

export const GET = route(async (request: Request, { params }: { params: Promise<{ name: string }> }) => {
  await authorise(request, "viewer");
  const { name } = await params;
  const { limit } = parseOrThrow(routineListQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json({ executions: await listRoutineExecutions(name, limit) });
});
