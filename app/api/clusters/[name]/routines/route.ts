import { NextResponse } from "next/server";
import { z } from "zod";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow } from "@/lib/api/validation";
import { listRoutineExecutions } from "@/lib/routines/list-routine-executions";

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export const GET = route(async (request: Request, { params }: { params: Promise<{ name: string }> }) => {
  await authorise(request, "viewer");
  const { name } = await params;
  const { limit } = parseOrThrow(querySchema, Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json({ executions: await listRoutineExecutions(name, limit) });
});
