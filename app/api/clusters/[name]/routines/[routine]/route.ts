import { NextResponse } from "next/server";
import { z } from "zod";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow, readJson } from "@/lib/api/validation";
import { RoutineName } from "@/lib/generated/prisma/enums";
import { requestRoutine } from "@/lib/routines/request-routine";

const pathSchema = z.object({ name: z.string(), routine: z.enum(RoutineName) });

/** Queues a routine; 202 with the execution to follow at /api/routines/{id}. */
export const POST = route(async (request: Request, { params }: { params: Promise<{ name: string; routine: string }> }) => {
  const actor = await authorise(request, "operator");
  const { name, routine } = parseOrThrow(pathSchema, await params);
  const execution = await requestRoutine({ cluster: name, routine, params: await readJson(request, {}), requestedBy: actor.name });
  return NextResponse.json({ execution }, { status: 202 });
});
