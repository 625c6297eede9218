// Reads an ssh_key secret in a process of its own, so a test can give it another COSMO_SECRET_KEY.
import { CosmoError } from "@/lib/errors";
import { getSshKeyOrThrow } from "@/lib/secrets/get-secret-value";

getSshKeyOrThrow(process.argv[2] ?? "").then(
  (key) => process.stdout.write(key, () => process.exit(0)),
  (error: unknown) => {
    const text = error instanceof CosmoError ? `${error.code}: ${error.message}` : String(error);
    process.stderr.write(text, () => process.exit(1));
  },
);
