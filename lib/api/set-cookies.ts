/** Served over https: directly, or behind a trusted proxy that says so (lib/api/forwarded.ts drops anyone else's X-Forwarded-Proto). */
const overHttps = (request: Request) => (request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? new URL(request.url).protocol.replace(":", "")) === "https";

/**
 * Adds the Set-Cookie headers better-auth produced (a session opened or ended)
 * to a route's response; Secure when the browser reached COSMO over https, so
 * the cookie never travels in clear. (better-auth decides from its base URL,
 * which is the server's own http address, also behind an https proxy.)
 */
export function withCookies<R extends Response>(response: R, setCookies: string[], request: Request): R {
  const secure = overHttps(request);
  for (const cookie of setCookies) response.headers.append("set-cookie", secure && !/;\s*secure\b/i.test(cookie) ? `${cookie}; Secure` : cookie);
  return response;
}
