import fs from "node:fs";
import path from "node:path";
import { invalidFields } from "@/lib/api/validation";
import type { ClusterSpec, HostSpec } from "@/lib/clusters/cluster-spec";
import { env, repoRoot } from "@/lib/env";
import type { FieldError } from "@/lib/errors";

/** The path with its symbolic links resolved, the part that does not exist yet appended as written. */
function resolved(p: string): string {
  const rest: string[] = [];
  for (let dir = path.resolve(p); ; dir = path.dirname(dir)) {
    try {
      return path.join(fs.realpathSync(dir), ...rest);
    } catch {
      if (dir === path.dirname(dir)) return path.resolve(p);
      rest.unshift(path.basename(dir));
    }
  }
}

const inside = (child: string, parent: string) => child === parent || child.startsWith(parent.endsWith("/") ? parent : `${parent}/`);

/**
 * A local host's folders are where routines run `node bin/cosmo.mjs` and keep
 * data as COSMO's own user: its own installation and COSMO_HOME, or what the
 * machine's admin allowed (COSMO_LOCAL_PATH_ALLOWLIST). Symbolic links are
 * followed, so a link inside an allowed folder does not lead out of it.
 */
function problem(field: "cosmoPath" | "homePath", value: string, allowList: readonly string[]): string | undefined {
  const real = resolved(value);
  if (allowList.some((allowed) => inside(real, resolved(allowed)))) return undefined;
  if (field === "cosmoPath") {
    return real === resolved(repoRoot) ? undefined : `a local host runs COSMO from this installation (${repoRoot}) or from under COSMO_LOCAL_PATH_ALLOWLIST`;
  }
  return inside(real, resolved(env.COSMO_HOME)) ? undefined : `a local host keeps its data under COSMO_HOME (${env.COSMO_HOME}) or under COSMO_LOCAL_PATH_ALLOWLIST`;
}

function hostErrors(host: HostSpec, index: number, prefix: string, allowList: readonly string[]): FieldError[] {
  if (!host.local) return [];
  return (["cosmoPath", "homePath"] as const).flatMap((field) => {
    const message = problem(field, host[field], allowList);
    return message ? [{ path: `${prefix}.hosts.${index}.${field}`, message }] : [];
  });
}

/** Field errors for the local hosts whose folders are not COSMO's own or allowed. */
export function localHostPathErrors(spec: ClusterSpec, prefix = "spec", allowList: readonly string[] = env.COSMO_LOCAL_PATH_ALLOWLIST): FieldError[] {
  return spec.hosts.flatMap((host, i) => hostErrors(host, i, prefix, allowList));
}

/** Checked again before a routine runs anything on a local host: links and the allow-list may have changed since the save. */
export function assertLocalHostPaths(spec: ClusterSpec, host: HostSpec): void {
  const errors = hostErrors(host, spec.hosts.indexOf(host), "spec", env.COSMO_LOCAL_PATH_ALLOWLIST);
  if (errors.length) throw invalidFields(errors);
}
