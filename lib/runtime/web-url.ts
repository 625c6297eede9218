import { env } from "@/lib/env";

/** This machine's web app, as a browser or a script on it reaches it. */
export function webUrl(): string {
  return `http://${env.COSMO_HOST === "0.0.0.0" ? "localhost" : env.COSMO_HOST}:${env.COSMO_WEB_PORT}`;
}
