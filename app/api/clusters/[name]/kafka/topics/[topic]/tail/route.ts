import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/search-params";
import { parseOrThrow } from "@/lib/api/validation";
import { topicParamsSchema } from "@/lib/clusters/cluster-kafka";
import { lastTopicMessages, openTopicTail, tailQuerySchema } from "@/lib/clusters/topic-tail-stream";
import { SSE_HEADERS } from "@/lib/live/sse-frame";

export const dynamic = "force-dynamic";

/** A topic's messages: the last ones as JSON (?follow=0), or a live stream of server-sent events. */
export const GET = route(async (request: Request, { params }: { params: Promise<{ name: string; topic: string }> }) => {
  await authorise(request, "viewer");
  const { name, topic } = parseOrThrow(topicParamsSchema, await params);
  const query = parseOrThrow(tailQuerySchema, searchParamsObject(request.url));
  if (!query.follow) return NextResponse.json({ topic, messages: await lastTopicMessages(name, topic, query.last) });
  return new Response(await openTopicTail(name, topic, query, request.signal), { headers: SSE_HEADERS });
});
