import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow, readJson } from "@/lib/api/validation";
import { duplicateInputSchema } from "@/lib/clusters/cluster-input";
import { duplicateCluster } from "@/lib/clusters/duplicate-cluster";

export const POST = route(async (request: Request, { params }: { params: Promise<{ name: string }> }) => {
  const { name } = await params;
  const actor = await authorise(request, "operator");
  const input = parseOrThrow(duplicateInputSchema, await readJson(request));
  return NextResponse.json(await duplicateCluster(name, input, actor), { status: 201 });
});
