import type { ClusterSpec, HostSpec } from "@/lib/clusters/cluster-spec";
import { assertLocalHostPaths } from "@/lib/clusters/local-host-paths";
import { CosmoError } from "@/lib/errors";
import type { HostExecutor } from "@/lib/hosts/host-executor";
import { localExecutor } from "@/lib/hosts/local-executor";
import { sshExecutor } from "@/lib/hosts/ssh-executor";
import { getSshKeyOrThrow } from "@/lib/secrets/get-secret-value";

/**
 * A child process on a local host, an SSH connection (its key from the
 * secrets) on the others. A local host's paths are checked again here, at the
 * moment something runs from them: the allow-list may have changed since the
 * configuration was saved, and a symbolic link may now point elsewhere.
 */
export async function executorForHost(spec: ClusterSpec, host: HostSpec): Promise<HostExecutor> {
  if (host.local) {
    assertLocalHostPaths(spec, host);
    return localExecutor(host);
  }
  const keySecret = host.ssh?.keySecret;
  if (!keySecret) throw new CosmoError("CONFLICT", `host ${host.name} has no SSH key secret (it moved since one was named): an admin must name one`);
  return sshExecutor(host, await getSshKeyOrThrow(keySecret));
}
