import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { revokeToken } from "@/lib/tokens/revoke-token";

/** Revokes a token: the next request with it is refused. */
export const DELETE = route(async (request: Request, { params }: { params: Promise<{ id: string }> }) => {
  const actor = await authorise(request, "viewer");
  const { id } = await params;
  return NextResponse.json({ token: await revokeToken(id, actor) });
});
