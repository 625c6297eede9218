import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow, readJson } from "@/lib/api/validation";
import { markReference, markReferenceInputSchema } from "@/lib/quality/reference-marks";

type Context = { params: Promise<{ id: string }> };

/** Marks the run, or a window range of it, as its cluster's reference (audited). */
export const POST = route(async (request: Request, { params }: Context) => {
  const actor = await authorise(request, "operator");
  const { id } = await params;
  const input = parseOrThrow(markReferenceInputSchema, await readJson(request, {}));
  return NextResponse.json(await markReference(id, input, actor), { status: 201 });
});
