import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/search-params";
import { parseOrThrow } from "@/lib/api/validation";
import { streamRunWindows } from "@/lib/runs/stream-run-windows";
import { windowRangeQuerySchema } from "@/lib/runs/window-range";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  await authorise(request, "viewer");
  const { id } = await params;
  const range = parseOrThrow(windowRangeQuerySchema, searchParamsObject(request.url));
  const body = await streamRunWindows(id, range);
  return new Response(body, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="run-${id}-windows.jsonl"`,
    },
  });
});
