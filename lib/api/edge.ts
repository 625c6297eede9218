import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import { assertCleanUrl } from "@/lib/api/clean-text";
import { settleForwardedHeaders } from "@/lib/api/forwarded";
import { allowedMethods } from "@/lib/api/route-table";
import { SECURITY_HEADERS } from "@/lib/api/security-headers";
import { CosmoError, toErrorBody } from "@/lib/errors";

// Pages are only read; the API's methods are the route files' own.
const PAGE_METHODS = ["GET", "HEAD"];

function answer(res: ServerResponse, error: unknown, headers: Record<string, string> = {}): true {
  const { status, body } = toErrorBody(error);
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers });
  res.end(JSON.stringify(body));
  return true;
}

/**
 * What the web server decides before Next sees a request, because Next can
 * not: who the client is (lib/api/forwarded.ts) and the security headers of
 * every answer. It also refuses, with the API's error body, what Next would
 * answer with a 500 or an empty body: a path or query with malformed
 * percent-encoding, NUL or invalid Unicode (400; Next fails decoding the
 * route's parameters), and a method the path does not have (405 with Allow;
 * Next answers an unexported method with an empty 405 and fails TRACE, which
 * fetch's Request refuses to carry). Answers true when it answered itself.
 */
export function answeredAtEdge(req: IncomingMessage, res: ServerResponse): boolean {
  settleForwardedHeaders(req);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  const raw = req.url ?? "/";
  try {
    assertCleanUrl(raw);
  } catch (error) {
    return answer(res, error);
  }
  const pathname = raw.split("?")[0]!;
  const allowed = (pathname.startsWith("/api/") && allowedMethods(pathname)) || PAGE_METHODS;
  const method = req.method ?? "GET";
  if (allowed.includes(method)) return false;
  return answer(res, new CosmoError("METHOD_NOT_ALLOWED", `${method} is not a method of ${pathname}: use ${allowed.join(", ")}`), { allow: allowed.join(", ") });
}

/**
 * What node's HTTP parser refuses (a method token it does not know, bytes no
 * request has, headers too large) never reaches Next; node would answer a bare
 * 400. Answered here in the API's shape, as node's docs suggest for clientError.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === "ECONNRESET" || !socket.writable) {
    socket.destroy();
    return;
  }
  const refusal =
    error.code === "HPE_HEADER_OVERFLOW"
      ? new CosmoError("REQUEST_HEADERS_TOO_LARGE", "the request headers are too large")
      : new CosmoError("BAD_REQUEST", "the request is not valid HTTP (its method, request line or headers)");
  const { status, body } = toErrorBody(refusal);
  const text = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
}
