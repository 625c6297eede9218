import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { listReferenceMarks } from "@/lib/quality/reference-marks";

export const dynamic = "force-dynamic";

/** The cluster's reference marks, newest (in force) first. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ name: string }> }) => {
  await authorise(request, "viewer");
  const { name } = await params;
  return NextResponse.json({ references: await listReferenceMarks(name) }, { headers: { "cache-control": "no-store" } });
});
