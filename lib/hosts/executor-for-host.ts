import type { HostSpec } from "@/lib/clusters/cluster-spec";
import type { HostExecutor } from "@/lib/hosts/host-executor";
import { localExecutor } from "@/lib/hosts/local-executor";
import { sshExecutor } from "@/lib/hosts/ssh-executor";
import { getSshKeyOrThrow } from "@/lib/secrets/get-secret-value";

/** A child process on a local host, an SSH connection (its key from the secrets) on the others. */
export async function executorForHost(host: HostSpec): Promise<HostExecutor> {
  return host.local ? localExecutor(host) : sshExecutor(host, await getSshKeyOrThrow(host.ssh!.keySecret));
}
