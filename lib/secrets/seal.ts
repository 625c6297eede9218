import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { CosmoError } from "@/lib/errors";

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM: iv (12 B) + auth tag (16 B) + ciphertext, the layout of Secret.sealed. */
export function seal(plaintext: string, key: Buffer): Uint8Array<ArrayBuffer> {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  // A copy on its own ArrayBuffer: Prisma's Bytes type refuses Node's pooled Buffers.
  return new Uint8Array(Buffer.concat([iv, cipher.getAuthTag(), ciphertext]));
}

/**
 * Opens what `seal` made. GCM's tag check fails both for another key and for
 * altered bytes; either way the caller learns which secret and where the key
 * came from, never a crypto stack.
 */
export function unseal(sealed: Uint8Array, key: Buffer, what: { name: string; keySource: string }): string {
  const bytes = Buffer.from(sealed);
  try {
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error("sealed value too short");
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch (error) {
    throw new CosmoError(
      "SECRET_UNREADABLE",
      `secret "${what.name}" cannot be decrypted with the key from ${what.keySource}: it was sealed with another key (restore that key, or store the secret again)`,
      { cause: error },
    );
  }
}
