import { createHash, randomBytes } from "node:crypto";

const PREFIX_LENGTH = 12;

/** `cosmo_` and 32 random bytes (base64url): guessing one is hopeless, so a plain sha256 keeps it safely. */
export function newTokenValue(): { value: string; hash: string; prefix: string } {
  const value = `cosmo_${randomBytes(32).toString("base64url")}`;
  return { value, hash: hashTokenValue(value), prefix: value.slice(0, PREFIX_LENGTH) };
}

export const hashTokenValue = (value: string): string => createHash("sha256").update(value).digest("hex");
