import { createHash } from "node:crypto";
import { db } from "@/lib/db";

export type HostKeyVerdict = "pinned" | "matches" | "changed";

/** The fingerprint `ssh-keygen -l` prints: sha256 of the key blob, base64 without padding. */
export const hostKeyFingerprint = (keyBlob: Buffer) => `SHA256:${createHash("sha256").update(keyBlob).digest("base64").replace(/=+$/, "")}`;

/** The key type named at the start of an SSH key blob (a length-prefixed string). */
function keyType(keyBlob: Buffer): string {
  if (keyBlob.length < 4) return "unknown";
  const length = keyBlob.readUInt32BE(0);
  return keyBlob.subarray(4, 4 + length).toString("latin1") || "unknown";
}

/**
 * Trust on first use: the first key a host shows is pinned; later, only that
 * key is accepted. A changed key may be a reinstalled machine or an attacker,
 * so it is refused until an operator forgets the old one.
 */
export async function checkHostKey(host: string, port: number, keyBlob: Buffer): Promise<{ verdict: HostKeyVerdict; fingerprint: string; expected?: string }> {
  const fingerprint = hostKeyFingerprint(keyBlob);
  const known = await db.knownHost.findUnique({ where: { host_port: { host, port } } });
  if (known) return known.fingerprint === fingerprint ? { verdict: "matches", fingerprint } : { verdict: "changed", fingerprint, expected: known.fingerprint };
  await db.knownHost.createMany({ data: [{ host, port, fingerprint, keyType: keyType(keyBlob) }], skipDuplicates: true });
  // Another connection may have pinned a key between our read and our insert: the stored one decides.
  const stored = await db.knownHost.findUniqueOrThrow({ where: { host_port: { host, port } } });
  return stored.fingerprint === fingerprint ? { verdict: "pinned", fingerprint } : { verdict: "changed", fingerprint, expected: stored.fingerprint };
}

/** Forgets a host's pinned key, after an operator checked the new one. */
export async function forgetHostKey(host: string, port: number): Promise<boolean> {
  const { count } = await db.knownHost.deleteMany({ where: { host, port } });
  return count > 0;
}
