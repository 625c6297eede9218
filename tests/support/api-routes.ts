import { routeTable } from "@/lib/api/route-table";

export interface ApiRoute {
  /** The route file, relative to the checkout. */
  file: string;
  /** OpenAPI form: /api/clusters/{name}. */
  path: string;
  method: "get" | "post" | "put" | "patch" | "delete";
}

/**
 * Every route and method under app/api, read from the files themselves, so a
 * route added by anyone is covered without being listed. The catch-all
 * `[...path]` (unknown paths answer 404) is not an operation and is left out.
 */
export function apiRoutes(): ApiRoute[] {
  return routeTable()
    .filter((r) => !r.file.includes("[..."))
    .flatMap((r) => {
      const urlPath = `/${r.segments.map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`;
      return r.methods.map((m) => ({ file: r.file, path: urlPath, method: m.toLowerCase() as ApiRoute["method"] }));
    });
}
