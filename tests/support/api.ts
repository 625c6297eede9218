import { webUrl } from "@/lib/runtime/web-url";
import { testAdminToken } from "@/tests/support/auth";

export interface ApiResponse {
  status: number;
  /** The raw body: what tests search for leaked values. */
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** Who calls: a bearer token's value, a session's Cookie header, or nobody. Default: the test admin's token. */
export type Caller = { token: string } | { cookie: string } | "anonymous";

async function headersOf(caller: Caller | undefined): Promise<Record<string, string>> {
  if (caller === "anonymous") return {};
  if (caller && "cookie" in caller) return { cookie: caller.cookie };
  return { authorization: `Bearer ${caller?.token ?? (await testAdminToken()).value}` };
}

/** One call to the test stack's web server, as a script would make it. */
export async function api(method: string, path: string, body?: unknown, caller?: Caller): Promise<ApiResponse> {
  const res = await fetch(`${webUrl()}${path}`, {
    method,
    headers: { ...(await headersOf(caller)), ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: the test asserts on text */
  }
  return { status: res.status, text, json };
}

/** The paths of a 400's per-field errors. */
export const errorPaths = (res: ApiResponse): string[] => (res.json?.error?.fields ?? []).map((f: { path: string }) => f.path);
