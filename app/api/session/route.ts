import { NextResponse } from "next/server";
import { authorise } from "@/lib/api/authorise";
import { route } from "@/lib/api/route";
import { withCookies } from "@/lib/api/set-cookies";
import { parseOrThrow, readJson } from "@/lib/api/validation";
import { login, loginInputSchema, logout } from "@/lib/auth/login";

export const dynamic = "force-dynamic";

/** Who the caller is (session or token). */
export const GET = route(async (request: Request) => {
  const actor = await authorise(request, "viewer");
  return NextResponse.json({ actor });
});

/** Logs in: sets the session cookie. Public; slowed down after repeated failures (429). */
export const POST = route(async (request: Request) => {
  const input = parseOrThrow(loginInputSchema, await readJson(request));
  const { actor, setCookies } = await login(input, request.headers);
  return withCookies(NextResponse.json({ actor }), setCookies, request);
});

/** Logs out: ends the session and clears its cookie. */
export const DELETE = route(async (request: Request) => {
  const actor = await authorise(request, "viewer");
  const { setCookies } = await logout(actor, request.headers);
  return withCookies(new NextResponse(null, { status: 204 }), setCookies, request);
});
