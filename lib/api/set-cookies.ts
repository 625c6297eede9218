/** Adds the Set-Cookie headers better-auth produced (a session opened or ended) to a route's response. */
export function withCookies<R extends Response>(response: R, setCookies: string[]): R {
  for (const cookie of setCookies) response.headers.append("set-cookie", cookie);
  return response;
}
