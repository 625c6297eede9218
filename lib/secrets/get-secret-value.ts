// Placeholder until the secrets module lands (same exports); replaced on merge.
import { CosmoError } from "@/lib/errors";

export async function getSshKeyOrThrow(name: string): Promise<string> {
  throw new CosmoError("NOT_FOUND", `secret ${name} not found`);
}

export async function getS3CredentialsOrThrow(name: string): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  throw new CosmoError("NOT_FOUND", `secret ${name} not found`);
}
