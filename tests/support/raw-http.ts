import http from "node:http";
import { webUrl } from "@/lib/runtime/web-url";

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface RawRequest {
  method: string;
  /** Sent as written: raw percent-escapes, NULs and all. */
  path: string;
  headers?: Record<string, string>;
  /** Exact bytes; `chunked` sends them without a Content-Length. */
  body?: Buffer | string;
  chunked?: boolean;
  /** Another web server than the test stack's. */
  base?: string;
}

/**
 * One request with node's http client, which (unlike fetch) sends any method,
 * any header and any bytes as they are: what a hostile client would send.
 * A server that answers before reading the whole body may close the
 * connection under the rest of it; the answer is what counts.
 */
export function rawRequest(req: RawRequest): Promise<RawResponse> {
  const url = new URL(req.base ?? webUrl());
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body);
    const headers: Record<string, string> = { ...req.headers };
    // Node frames a body without Content-Length as chunked only when told to for DELETE (and GET, HEAD, OPTIONS).
    if (body) headers[req.chunked ? "transfer-encoding" : "content-length"] = req.chunked ? "chunked" : String(body.length);
    const request = http.request({ host: url.hostname, port: url.port, method: req.method, path: req.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      // The answer came and the server stopped reading the rest of the body: the answer was resolved above.
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    request.setTimeout(60_000, () => request.destroy(new Error(`${req.method} ${req.path}: no answer within 60 s`)));
    if (body) request.write(body);
    request.end();
  });
}

/** `{ error: { code, message } }`, or a description of what the body is instead. */
export function errorBodyProblem(res: RawResponse): string | null {
  try {
    const body = JSON.parse(res.text) as { error?: { code?: unknown; message?: unknown } };
    return typeof body.error?.code === "string" && typeof body.error.message === "string" ? null : `no error body: ${res.text.slice(0, 200)}`;
  } catch {
    return `not JSON: ${res.text.slice(0, 200)}`;
  }
}
