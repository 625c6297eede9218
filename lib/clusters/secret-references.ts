import type { ClusterSpec } from "@/lib/clusters/cluster-spec";
import { db } from "@/lib/db";
import type { FieldError } from "@/lib/errors";
import type { SecretKind } from "@/lib/generated/prisma/client";

interface SecretReference {
  path: string;
  name: string;
  kind: SecretKind;
}

function secretReferences(spec: ClusterSpec): SecretReference[] {
  const refs: SecretReference[] = spec.hosts.flatMap((host, i) =>
    host.ssh?.keySecret ? [{ path: `hosts.${i}.ssh.keySecret`, name: host.ssh.keySecret, kind: "ssh_key" as const }] : [],
  );
  if (spec.buffer.credentialsSecret) refs.push({ path: "buffer.credentialsSecret", name: spec.buffer.credentialsSecret, kind: "s3_credentials" });
  return refs;
}

/** Field errors for every secret the configuration names that does not exist or is of another kind. */
export async function secretReferenceErrors(spec: ClusterSpec, prefix: string): Promise<FieldError[]> {
  const refs = secretReferences(spec);
  if (!refs.length) return [];
  const secrets = await db.secret.findMany({ where: { name: { in: refs.map((r) => r.name) } }, select: { name: true, kind: true } });
  const kinds = new Map(secrets.map((s) => [s.name, s.kind]));
  return refs.flatMap((ref) => {
    const kind = kinds.get(ref.name);
    const path = `${prefix}.${ref.path}`;
    if (!kind) return [{ path, message: `no ${ref.kind} secret named "${ref.name}" exists; create it first` }];
    if (kind !== ref.kind) return [{ path, message: `secret "${ref.name}" is of kind ${kind}; expected an ${ref.kind} secret` }];
    return [];
  });
}
