import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { parseOrThrow, readJson } from "@/lib/api/validation";
import { clusterInputSchema } from "@/lib/clusters/cluster-input";
import { createCluster } from "@/lib/clusters/create-cluster";
import { listClusters } from "@/lib/clusters/list-clusters";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  await authorise(request, "viewer");
  return NextResponse.json({ clusters: await listClusters() });
});

export const POST = route(async (request: Request) => {
  const actor = await authorise(request, "operator");
  const input = parseOrThrow(clusterInputSchema, await readJson(request));
  return NextResponse.json(await createCluster(input, actor), { status: 201 });
});
