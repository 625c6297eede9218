import { hostMoved, type ClusterSpec, type HostSpec } from "@/lib/clusters/cluster-spec";

const bufferHost = (spec: ClusterSpec): HostSpec | undefined => spec.hosts?.find((h) => h.roles?.includes("buffer"));

/**
 * A change may leave the secret references out (as Grafana's secure fields):
 * each then keeps the stored one, found by host name. A host that moved
 * (another address, account or folder) keeps none: the old key or the old S3
 * credentials must not follow it to a new place unless the change names them.
 */
export function carrySecretReferences(current: ClusterSpec, next: ClusterSpec): ClusterSpec {
  const stored = new Map((current.hosts ?? []).map((h) => [h.name, h]));
  const kept = (host: HostSpec | undefined) => {
    const before = host && stored.get(host.name);
    return before && !hostMoved(before, host) ? before : undefined;
  };
  const hosts = next.hosts.map((host) => {
    if (!host.ssh || host.ssh.keySecret !== undefined) return host;
    const keySecret = kept(host)?.ssh?.keySecret;
    return keySecret ? { ...host, ssh: { ...host.ssh, keySecret } } : host;
  });
  // The S3 credentials go to the buffer host: kept only while that is the same host, unmoved.
  const buffer = kept(bufferHost(next));
  const sameBuffer = buffer !== undefined && buffer.name === bufferHost(current)?.name;
  const credentialsSecret = next.buffer.credentialsSecret ?? (sameBuffer ? (current.buffer?.credentialsSecret ?? "") : "");
  return { ...next, hosts, buffer: { ...next.buffer, credentialsSecret } };
}
