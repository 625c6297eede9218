import fs from "node:fs";
import path from "node:path";
import { privateDir } from "@/lib/runtime/paths";

/**
 * A file only this user can read (0600), created with `create()` the first
 * time and read afterwards. "wx": of two processes starting together, one
 * creates it and the other reads what the first wrote.
 */
export function readOrCreateSecretFile(file: string, create: () => string): string {
  privateDir(path.dirname(file));
  try {
    fs.writeFileSync(file, create(), { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    if ((fs.statSync(file).mode & 0o777) !== 0o600) fs.chmodSync(file, 0o600);
  }
  return fs.readFileSync(file, "utf8");
}
