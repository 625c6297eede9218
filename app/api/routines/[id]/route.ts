import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { getRoutineExecutionOrThrow } from "@/lib/routines/get-routine-execution-or-throw";

/** An execution with its steps and their output so far. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorise(request, "viewer");
  const { id } = await params;
  return NextResponse.json({ execution: await getRoutineExecutionOrThrow(id) });
});
