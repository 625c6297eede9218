/**
 * A query string as a plain object (the last value of a repeated key wins; empty values are left out).
 * The web server's edge (lib/api/edge.ts) has already refused malformed escapes, NUL and invalid Unicode in it.
 */
export function searchParamsObject(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of new URL(url).searchParams) if (v !== "") out[k] = v;
  return out;
}
