import { CliExit, exitCodes } from "@/lib/cli/remote/exit-codes";
import { env } from "@/lib/env";
import { webUrl } from "@/lib/runtime/web-url";

/** The server's answer to an error, as the API documents it. */
interface ErrorAnswer {
  error?: { code?: string; message?: string; fields?: { path: string; message: string }[] };
}

const exitCodeOf = (status: number) =>
  status === 401 || status === 403 ? exitCodes.unauthorised : status === 400 ? exitCodes.usage : exitCodes.failed;

/** An error answer as a CliExit with the server's message (and its per-field details). */
export async function errorOf(res: Response): Promise<CliExit> {
  const data = (await res.json().catch(() => null)) as ErrorAnswer | null;
  const fields = data?.error?.fields?.map((f) => `\n  ${f.path}: ${f.message}`).join("") ?? "";
  return new CliExit(exitCodeOf(res.status), `${data?.error?.message ?? `HTTP ${res.status}`}${fields}`);
}

/**
 * The REST API as the CLI uses it: COSMO_URL (default this machine's web
 * app) with COSMO_TOKEN as the bearer token. Failures become CliExit with the
 * exit code scripts expect; the token itself is never printed.
 */
export class ApiClient {
  readonly baseUrl: string;
  private readonly token: string;

  constructor(baseUrl = env.COSMO_URL ?? webUrl(), token = env.COSMO_TOKEN) {
    if (!token) throw new CliExit(exitCodes.unauthorised, "set COSMO_TOKEN to an API token (create one at /settings/tokens)");
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.token = token;
  }

  /** A raw fetch with the token; unreachable servers become exit code 3. */
  async fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${this.token}`);
    try {
      return await fetch(`${this.baseUrl}${path}`, { ...init, headers });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new CliExit(exitCodes.unreachable, `${this.baseUrl} does not answer${cause ? ` (${cause})` : ""}: is COSMO up, and COSMO_URL right?`);
    }
  }

  /** JSON in and out; an error answer becomes a CliExit. */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await this.fetch(path, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw await errorOf(res);
    return (await res.json()) as T;
  }
}
