import { env } from "@/lib/env";

// Credentials of the embedded server: it listens on loopback only.
export const EMBEDDED_PG = { user: "postgres", password: "cosmo", database: "cosmo" } as const;

export function databaseUrl(): string {
  const { user, password, database } = EMBEDDED_PG;
  return env.DATABASE_URL ?? `postgresql://${user}:${password}@${env.COSMO_HOST}:${env.COSMO_PG_PORT}/${database}`;
}
