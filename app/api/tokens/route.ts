import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { searchParamsObject } from "@/lib/api/search-params";
import { parseOrThrow, readJson } from "@/lib/api/validation";
import { createToken } from "@/lib/tokens/create-token";
import { listTokens } from "@/lib/tokens/list-tokens";
import { createTokenSchema, tokenListQuerySchema } from "@/lib/tokens/token-input";

export const dynamic = "force-dynamic";

export const GET = route(async (request: Request) => {
  const actor = await authorise(request, "viewer");
  const query = parseOrThrow(tokenListQuerySchema, searchParamsObject(request.url));
  return NextResponse.json({ tokens: await listTokens(actor, query) });
});

/** Creates a token for the caller; the answer's `value` is the only time it is shown. */
export const POST = route(async (request: Request) => {
  const actor = await authorise(request, "viewer");
  const input = parseOrThrow(createTokenSchema, await readJson(request));
  const created = await createToken(input, actor);
  return NextResponse.json(created, { status: 201, headers: { "cache-control": "no-store" } });
});
