import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow, readJson } from "@/lib/api/validation";
import { clusterInputSchema } from "@/lib/clusters/cluster-input";
import { deleteCluster } from "@/lib/clusters/delete-cluster";
import { getClusterOrThrow } from "@/lib/clusters/get-cluster-or-throw";
import { updateCluster } from "@/lib/clusters/update-cluster";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ name: string }> };

export const GET = route(async (request: Request, { params }: Context) => {
  const { name } = await params;
  await authorise(request, "viewer");
  return NextResponse.json(await getClusterOrThrow(name));
});

export const PUT = route(async (request: Request, { params }: Context) => {
  const { name } = await params;
  const actor = await authorise(request, "operator");
  const input = parseOrThrow(clusterInputSchema, await readJson(request));
  return NextResponse.json(await updateCluster(name, input, actor));
});

export const DELETE = route(async (request: Request, { params }: Context) => {
  const { name } = await params;
  const actor = await authorise(request, "operator");
  await deleteCluster(name, actor);
  return new NextResponse(null, { status: 204 });
});
