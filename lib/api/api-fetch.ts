import { loginUrl } from "@/lib/auth/login-redirect";
import type { ErrorBody, FieldError } from "@/lib/errors";

/** An API error as the browser sees it: the code, the safe message and the per-field details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** fetch for COSMO's own API from the browser: JSON in and out, errors as ApiError. */
export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(path, {
    method: init.method ?? "GET",
    cache: "no-store",
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  // The session ended (expired, logged out elsewhere, user disabled): log in again and come back.
  if (res.status === 401 && !location.pathname.startsWith("/login")) {
    // A full load: the layout re-reads the session, and no state of the old one survives.
    location.assign(loginUrl(location.pathname + location.search, location.origin));
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (data as Partial<ErrorBody> | null)?.error;
    throw new ApiError(res.status, error?.code ?? "INTERNAL", error?.message ?? `HTTP ${res.status}`, error?.fields ?? []);
  }
  return data as T;
}
