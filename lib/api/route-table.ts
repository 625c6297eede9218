import fs from "node:fs";
import path from "node:path";
import { repoRoot } from "@/lib/env";

export const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export interface RouteFile {
  /** The route file, relative to the checkout. */
  file: string;
  /** The URL path's segments, as the folders name them: `api`, `clusters`, `[name]`, `[...path]`. */
  segments: string[];
  /** The methods the file exports. */
  methods: string[];
}

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
  return [...new Set([...direct, ...listed])].filter((m) => (ROUTE_METHODS as readonly string[]).includes(m));
}

/** Every route file under app/api with the methods it exports, read from the sources COSMO is built from. */
export function routeTable(): RouteFile[] {
  const app = path.join(repoRoot, "app");
  return routeFiles(path.join(app, "api"))
    .sort()
    .map((file) => ({
      file: path.relative(repoRoot, file),
      segments: path.relative(app, path.dirname(file)).split(path.sep),
      methods: exportedMethods(fs.readFileSync(file, "utf8")),
    }));
}

// Next prefers a static segment to a dynamic one, and a dynamic one to a catch-all.
const segmentRank = (segment: string) => (segment.startsWith("[...") ? 2 : segment.startsWith("[") ? 1 : 0);

function matches(segments: string[], parts: string[]): boolean {
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment.startsWith("[...")) return parts.length > i;
    if (i >= parts.length || (segmentRank(segment) === 0 && segment !== parts[i])) return false;
  }
  return segments.length === parts.length;
}

let table: RouteFile[] | undefined;

/**
 * The methods the API route serving `pathname` answers (with HEAD and OPTIONS,
 * which Next adds), or null when no route file serves it.
 */
export function allowedMethods(pathname: string): string[] | null {
  table ??= routeTable();
  const parts = pathname.split("/").filter(Boolean);
  const candidates = table.filter((r) => matches(r.segments, parts));
  if (!candidates.length) return null;
  const rankOf = (r: RouteFile) => r.segments.map(segmentRank).join("");
  const best = candidates.sort((a, b) => rankOf(a).localeCompare(rankOf(b)))[0]!;
  return [...best.methods, ...(best.methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
}
