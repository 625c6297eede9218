/**
 * Where the login page may send the browser afterwards: a path of this site,
 * never another one. Decided by the URL parser, the way the browser will read
 * it (`//host`, `/\host` and `\\host` all leave the site), not by prefixes.
 */
export function sameOriginPath(next: string | null | undefined, origin: string): string {
  if (!next || !next.startsWith("/") || next.includes("\\")) return "/";
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return "/";
  }
  if (url.origin !== new URL(origin).origin) return "/";
  return url.pathname + url.search + url.hash;
}

/** The login page's URL that comes back to `path` afterwards. */
export function loginUrl(path: string, origin: string): URL {
  const login = new URL("/login", origin);
  login.searchParams.set("next", sameOriginPath(path, origin));
  return login;
}
