import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "@/lib/env";

export interface ApiRoute {
  /** The route file, relative to the checkout. */
  file: string;
  /** OpenAPI form: /api/clusters/{name}. */
  path: string;
  method: "get" | "post" | "put" | "patch" | "delete";
}

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(full) : e.name === "route.ts" ? [full] : [];
  });
}

/** The methods a route file exports: `export const GET = ...` or `export { x as GET }`. */
function exportedMethods(source: string): string[] {
  const direct = [...source.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]!);
  const listed = [...source.matchAll(/export\s*\{([^}]*)\}/g)].flatMap((m) => m[1]!.split(",").map((part) => part.trim().split(/\s+as\s+/).pop()!));
  return [...new Set([...direct, ...listed])].filter((m) => (methods as readonly string[]).includes(m));
}

/**
 * Every route and method under app/api, read from the files themselves, so a
 * route added by anyone is covered without being listed. The catch-all
 * `[...path]` (unknown paths answer 404) is not an operation and is left out.
 */
export function apiRoutes(): ApiRoute[] {
  const root = path.join(repoRoot, "app");
  return routeFiles(path.join(root, "api"))
    .filter((file) => !file.includes("[..."))
    .sort()
    .flatMap((file) => {
      const urlPath = `/${path.relative(root, path.dirname(file)).split(path.sep).map((s) => s.replace(/^\[(.+)\]$/, "{$1}")).join("/")}`;
      return exportedMethods(fs.readFileSync(file, "utf8")).map((m) => ({ file: path.relative(repoRoot, file), path: urlPath, method: m.toLowerCase() as ApiRoute["method"] }));
    });
}
