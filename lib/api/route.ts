import { NextResponse } from "next/server";
import { assertDeclaredSizeAllowed } from "@/lib/api/request-body";
import { toErrorBody } from "@/lib/errors";

/**
 * Wraps a route handler so every failure answers `{ error: { code, message } }`.
 * A body declared larger than COSMO_MAX_BODY_BYTES is refused (413) before the
 * handler runs, unread; lib/api/edge.ts has already refused malformed paths
 * and queries, and readJson refuses malformed bodies. No answer of the API is
 * kept by a cache: they depend on who asks.
 */
export function route<R extends unknown[]>(handler: (request: Request, ...rest: R) => Promise<Response>) {
  return async (request: Request, ...rest: R): Promise<Response> => {
    let response: Response;
    try {
      assertDeclaredSizeAllowed(request);
      response = await handler(request, ...rest);
    } catch (error) {
      const { status, body } = toErrorBody(error);
      if (status >= 500) console.error(error);
      response = NextResponse.json(body, { status });
    }
    if (!response.headers.has("cache-control")) response.headers.set("cache-control", "no-store");
    return response;
  };
}
