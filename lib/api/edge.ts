import type { IncomingMessage, ServerResponse } from "node:http";
import { settleForwardedHeaders } from "@/lib/api/forwarded";
import { allowedMethods } from "@/lib/api/route-table";
import { SECURITY_HEADERS } from "@/lib/api/security-headers";
import { CosmoError, toErrorBody } from "@/lib/errors";

// Pages are only read; the API's methods are the route files' own.
const PAGE_METHODS = ["GET", "HEAD"];

/**
 * What the web server decides before Next sees a request, because Next can
 * not: who the client is (lib/api/forwarded.ts), the security headers of every
 * answer, and 405 for a method the path does not have. Next answers an
 * unexported method with an empty 405 and fails TRACE (which fetch's Request
 * refuses to carry) with a 500; here both get the API's error body and an
 * Allow header. Answers true when it answered the request itself.
 */
export function answeredAtEdge(req: IncomingMessage, res: ServerResponse): boolean {
  settleForwardedHeaders(req);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  const pathname = (req.url ?? "/").split("?")[0]!;
  const allowed = (pathname.startsWith("/api/") && allowedMethods(pathname)) || PAGE_METHODS;
  const method = req.method ?? "GET";
  if (allowed.includes(method)) return false;
  const { status, body } = toErrorBody(new CosmoError("METHOD_NOT_ALLOWED", `${method} is not a method of ${pathname}: use ${allowed.join(", ")}`));
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", allow: allowed.join(", ") });
  res.end(JSON.stringify(body));
  return true;
}
