import { randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { homeDir } from "@/lib/runtime/paths";
import { readOrCreateSecretFile } from "@/lib/runtime/secret-file";

/** Signs session cookies: COSMO_AUTH_SECRET, else <COSMO_HOME>/auth.secret (created once, mode 0600). */
export function authSecret(): string {
  return env.COSMO_AUTH_SECRET ?? readOrCreateSecretFile(homeDir("auth.secret"), () => randomBytes(32).toString("base64")).trim();
}
