import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { systemActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import { homeDir } from "@/lib/runtime/paths";
import { createUser } from "@/lib/users/create-user";

export const FIRST_ADMIN = "admin";

/** Where `cosmo up` leaves the first admin's generated password (mode 0600). */
export const adminPasswordFile = () => homeDir("admin-password");

export interface AdminLogin {
  username: string;
  /** True when this call created the admin (and wrote its password file). */
  created: boolean;
  passwordFile: string;
}

/** Makes sure an enabled admin exists: on a new database, creates `admin` with a generated password. */
export async function ensureAdmin(): Promise<AdminLogin> {
  const passwordFile = adminPasswordFile();
  const existing = await db.user.findFirst({ where: { role: "admin", disabled: false }, orderBy: { createdAt: "asc" } });
  if (existing) return { username: existing.username ?? existing.name, created: false, passwordFile };
  const password = randomBytes(18).toString("base64url");
  try {
    await createUser({ username: FIRST_ADMIN, name: "Administrator", password, role: "admin" }, systemActor);
  } catch (error) {
    // Two `cosmo up` at once: the other one created it and wrote the file.
    if (error instanceof CosmoError && error.code === "CONFLICT") return { username: FIRST_ADMIN, created: false, passwordFile };
    throw error;
  }
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  fs.chmodSync(passwordFile, 0o600);
  return { username: FIRST_ADMIN, created: true, passwordFile };
}
