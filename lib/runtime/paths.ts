import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

export const cacheDir = (...parts: string[]) => path.join(env.COSMO_CACHE, ...parts);
export const homeDir = (...parts: string[]) => path.join(env.COSMO_HOME, ...parts);
export const serviceDir = (service: string, ...parts: string[]) => homeDir(service, ...parts);
export const logFile = (service: string) => homeDir("logs", `${service}.log`);
export const pidFile = (service: string) => homeDir("run", `${service}.pid`);

/**
 * A folder only this user may list or enter (0700): COSMO_HOME, the logs and
 * the pid files hold credentials and whatever the services print. Made so
 * when missing and set so when it exists (an older install made them 0755).
 * Running as root, the search bit others were given stays: the postgres user
 * needs it to reach its data (lib/runtime/services/postgres.ts), and it lets
 * nothing be listed.
 */
export function privateDir(dir: string): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const mode = fs.statSync(dir).mode & 0o777;
  const wanted = 0o700 | (process.getuid?.() === 0 ? mode & 0o001 : 0);
  if (mode !== wanted) fs.chmodSync(dir, wanted);
  return dir;
}
