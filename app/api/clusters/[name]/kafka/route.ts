import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { getClusterKafkaOrThrow } from "@/lib/clusters/cluster-kafka";

export const dynamic = "force-dynamic";

/** The cluster's Kafka as it is now: brokers, topics with partitions and offsets, consumer groups with lag. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ name: string }> }) => {
  await authorise(request, "viewer");
  const { name } = await params;
  return NextResponse.json(await getClusterKafkaOrThrow(name));
});
