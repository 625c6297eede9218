import fs from "node:fs";
import path from "node:path";

/**
 * A file only this user can read (0600), created with `create()` the first
 * time and read afterwards. "wx": of two processes starting together, one
 * creates it and the other reads what the first wrote.
 */
export function readOrCreateSecretFile(file: string, create: () => string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, create(), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return fs.readFileSync(file, "utf8");
}
