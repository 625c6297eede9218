import fs from "node:fs";
import path from "node:path";
import { progress } from "@/lib/cli/output";
import { databaseUrl } from "@/lib/database-url";
import { childEnv, repoRoot } from "@/lib/env";
import { CosmoError } from "@/lib/errors";
import { cacheDir } from "@/lib/runtime/paths";
import { run } from "@/lib/runtime/process";
import { postgres } from "@/lib/runtime/services/postgres";

/**
 * Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL that takes
 * the schema as committed (git HEAD) to the schema in the work tree. Prisma 7's
 * migrate needs a schema engine that cannot be downloaded here; Prisma 6's
 * wasm engine, selected by a driver adapter in its config, diffs offline.
 */
export async function migrationNewCommand([name]: string[]): Promise<number> {
  if (!name || !/^[a-z0-9_]+$/.test(name)) throw new CosmoError("BAD_REQUEST", "usage: cosmo migration-new NAME (lower case, digits, _)");
  const tool = cacheDir("prisma6");
  if (!fs.existsSync(path.join(tool, "node_modules", "prisma"))) {
    progress("installing Prisma 6 for offline schema diffs (once)");
    fs.mkdirSync(tool, { recursive: true });
    fs.writeFileSync(path.join(tool, "package.json"), JSON.stringify({ private: true, type: "module" }));
    await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", "prisma@6", "@prisma/adapter-pg@6"], { cwd: tool });
  }
  // Prisma 6 wants a url in the datasource block and ignores generators for a diff.
  const forDiff = (schema: string) =>
    schema.replace(/generator client \{[^}]*\}/, "").replace(/datasource db \{[^}]*\}/, 'datasource db {\n  provider = "postgresql"\n  url = "postgresql://unused"\n}');
  // The wasm engine opens a connection even for a pure schema diff.
  await postgres.start(progress);
  let before = "";
  try {
    before = (await run("git", ["show", "HEAD:prisma/schema.prisma"], { cwd: repoRoot })).stdout;
  } catch {
    /* no committed schema yet: diff from empty */
  }
  fs.writeFileSync(path.join(tool, "from.prisma"), forDiff(before));
  fs.writeFileSync(path.join(tool, "to.prisma"), forDiff(fs.readFileSync(path.join(repoRoot, "prisma", "schema.prisma"), "utf8")));
  fs.writeFileSync(
    path.join(tool, "prisma.config.ts"),
    `import { PrismaPg } from "@prisma/adapter-pg";
export default { experimental: { adapter: true }, engine: "js", schema: "to.prisma",
  async adapter() { return new PrismaPg({ connectionString: ${JSON.stringify(databaseUrl())} }); } };
`,
  );
  const from = before ? ["--from-schema-datamodel", "from.prisma"] : ["--from-empty"];
  const { stdout } = await run(path.join(tool, "node_modules", ".bin", "prisma"), ["migrate", "diff", ...from, "--to-schema-datamodel", "to.prisma", "--script"], {
    cwd: tool,
    env: childEnv({ PRISMA_QUERY_ENGINE_LIBRARY: "/bin/true", PRISMA_HIDE_UPDATE_MESSAGE: "1" }),
  });
  if (!stdout.trim() || /^-- This is an empty migration/m.test(stdout)) {
    progress("the schema has not changed since HEAD: no migration written");
    return 0;
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const dir = path.join(repoRoot, "prisma", "migrations", `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), stdout);
  progress(`wrote ${path.relative(repoRoot, dir)}/migration.sql`);
  return 0;
}
