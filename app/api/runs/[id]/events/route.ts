import { parseOrThrow } from "@/lib/api/validation";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { openRunEvents, resumeSchema } from "@/lib/live/open-run-events";
import { SSE_HEADERS } from "@/lib/live/sse-frame";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorise(request, "viewer");
  const { id } = await params;
  const raw = request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after") ?? undefined;
  const { after } = parseOrThrow(resumeSchema, { after: raw || undefined });
  return new Response(await openRunEvents(id, after, request.signal), { headers: SSE_HEADERS });
});
