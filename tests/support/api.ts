import { webUrl } from "@/lib/runtime/services/web";

export interface ApiResponse {
  status: number;
  /** The raw body: what tests search for leaked values. */
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/** One call to the test stack's web server, as a script would make it. */
export async function api(method: string, path: string, body?: unknown): Promise<ApiResponse> {
  const res = await fetch(`${webUrl()}${path}`, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
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
