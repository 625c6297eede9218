import { NextResponse } from "next/server";
import { route } from "@/lib/api/route";
import { getRoutineExecutionOrThrow } from "@/lib/routines/get-routine-execution-or-throw";

/** An execution with its steps and their output so far. */
export const GET = route(async (_request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const { id } = await params;
  return NextResponse.json({ execution: await getRoutineExecutionOrThrow(id) });
});
