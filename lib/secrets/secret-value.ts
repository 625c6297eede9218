// ssh2 is CommonJS: its `utils` is not visible as a named ESM export.
import ssh2 from "ssh2";
import { z } from "zod";
import { slug } from "@/lib/clusters/cluster-spec";
import type { SecretKind } from "@/lib/generated/prisma/client";

/** Only keys ssh2 can log in with: a passphrase would have to be stored next to the key anyway. */
function isUsablePrivateKey(text: string): boolean {
  const parsed = ssh2.utils.parseKey(text);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  return !!key && !(key instanceof Error) && key.isPrivateKey();
}

export const sshKeySchema = z
  .string()
  .max(16_384, "at most 16 KiB")
  .refine(isUsablePrivateKey, "an OpenSSH or PEM private key without passphrase (-----BEGIN OPENSSH PRIVATE KEY----- ...)");

// Handed to S3 clients and processes on other hosts: nothing a shell or an env file could split.
const credential = z.string().regex(/^[\x21-\x7e]{1,256}$/, "1 to 256 printable ASCII characters, no spaces");

export const s3CredentialsSchema = z.strictObject({ accessKeyId: credential, secretAccessKey: credential });

export type S3Credentials = z.infer<typeof s3CredentialsSchema>;

// An incoming webhook's address carries its credential in the path (Slack's /services/T../B../XXXX):
// a secret, of which an API shows only the host.
export const webhookUrlSchema = z.url({ protocol: /^https?$/, normalize: true, error: "an http:// or https:// URL" }).max(2048, "at most 2048 characters");

export interface SecretValues {
  ssh_key: string;
  s3_credentials: S3Credentials;
  webhook_url: string;
}

export const secretValueSchemas: { [K in SecretKind]: z.ZodType<SecretValues[K]> } = {
  ssh_key: sshKeySchema,
  s3_credentials: s3CredentialsSchema,
  webhook_url: webhookUrlSchema,
};

/** The secret's name is what configurations reference, so it follows their alphabet. */
export const secretInputSchema = z.discriminatedUnion("kind", [
  z.object({ name: slug, kind: z.literal("ssh_key"), value: sshKeySchema }),
  z.object({ name: slug, kind: z.literal("s3_credentials"), value: s3CredentialsSchema }),
]);

export type SecretInput = z.input<typeof secretInputSchema>;

export const encodeSecretValue = <K extends SecretKind>(kind: K, value: SecretValues[K]): string =>
  kind === "s3_credentials" ? JSON.stringify(value) : (value as string);

export const decodeSecretValue = <K extends SecretKind>(kind: K, text: string): SecretValues[K] =>
  (kind === "s3_credentials" ? s3CredentialsSchema.parse(JSON.parse(text)) : text) as SecretValues[K];
