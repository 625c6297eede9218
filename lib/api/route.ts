import { NextResponse } from "next/server";
import { assertCleanUrl } from "@/lib/api/clean-text";
import { assertDeclaredSizeAllowed } from "@/lib/api/request-body";
import { toErrorBody } from "@/lib/errors";

/**
 * Wraps a route handler so every failure answers `{ error: { code, message } }`.
 * Before the handler runs, what no route accepts is refused for all of them: a
 * body declared larger than COSMO_MAX_BODY_BYTES (413, unread), a path or query
 * with malformed percent-encoding, NUL or invalid Unicode (400). No answer of
 * the API is kept by a cache: they depend on who asks.
 */
export function route<R extends unknown[]>(handler: (request: Request, ...rest: R) => Promise<Response>) {
  return async (request: Request, ...rest: R): Promise<Response> => {
    let response: Response;
    try {
      assertDeclaredSizeAllowed(request);
      assertCleanUrl(new URL(request.url));
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
