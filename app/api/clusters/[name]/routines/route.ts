import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/search-params";
import { parseOrThrow } from "@/lib/api/validation";
import { listRoutineExecutions, routineListQuerySchema } from "@/lib/routines/list-routine-executions";

export const GET = route(async (request: Request, { params }: { params: Promise<{ name: string }> }) => {
  await authorise(request, "viewer");
  const { name } = await params;
  const { limit } = parseOrThrow(routineListQuerySchema, searchParamsObject(request.url));
  return NextResponse.json({ executions: await listRoutineExecutions(name, limit) });
});
