import path from "node:path";
import { env } from "@/lib/env";

export const cacheDir = (...parts: string[]) => path.join(env.COSMO_CACHE, ...parts);
export const homeDir = (...parts: string[]) => path.join(env.COSMO_HOME, ...parts);
export const serviceDir = (service: string, ...parts: string[]) => homeDir(service, ...parts);
export const logFile = (service: string) => homeDir("logs", `${service}.log`);
export const pidFile = (service: string) => homeDir("run", `${service}.pid`);
