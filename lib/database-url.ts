import { randomBytes } from "node:crypto";
import type { PoolConfig } from "pg";
import { clusterAddress, env } from "@/lib/env";
import { homeDir } from "@/lib/runtime/paths";
import { readOrCreateSecretFile } from "@/lib/runtime/secret-file";

/** The embedded server's superuser and database; its password is generated per COSMO_HOME. */
export const EMBEDDED_PG = { user: "postgres", database: "cosmo" } as const;

/** The fixed password installs before the generated one used; start moves such a cluster to the generated one. */
export const LEGACY_PG_PASSWORD = "cosmo";

/** Where the embedded server's password lives (mode 0600, created on first use). */
export const pgPasswordFile = () => homeDir("postgres-password");

/** The embedded server's password: any local user could otherwise log in as its superuser. */
export const embeddedPgPassword = () => readOrCreateSecretFile(pgPasswordFile(), () => randomBytes(24).toString("base64url")).trim();

/** The embedded server's URL with `password` (default: the generated one). */
export function embeddedDatabaseUrl(password = embeddedPgPassword(), database: string = EMBEDDED_PG.database, host = env.COSMO_HOST): string {
  return `postgresql://${EMBEDDED_PG.user}:${encodeURIComponent(password)}@${host}:${env.COSMO_PG_PORT}/${database}`;
}

export function databaseUrl(): string {
  return env.DATABASE_URL ?? embeddedDatabaseUrl();
}

/** The database as a cluster's remote host reaches it: the embedded server at COSMO_CLUSTER_ADDRESS. */
export function clusterDatabaseUrl(): string {
  return env.DATABASE_URL ?? embeddedDatabaseUrl(embeddedPgPassword(), EMBEDDED_PG.database, clusterAddress());
}

/**
 * The pool settings of COSMO's Prisma client. The embedded server's password
 * is read when a connection opens, not when the module loads: `cosmo test`
 * empties COSMO_HOME after loading it, and a build must not create the file.
 */
export function databasePoolConfig(): PoolConfig {
  if (env.DATABASE_URL) return { connectionString: env.DATABASE_URL };
  return { host: env.COSMO_HOST, port: env.COSMO_PG_PORT, user: EMBEDDED_PG.user, database: EMBEDDED_PG.database, password: embeddedPgPassword };
}
