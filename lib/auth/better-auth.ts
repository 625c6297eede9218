import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { username } from "better-auth/plugins/username";
import { authSecret } from "@/lib/auth/auth-secret";
import { db } from "@/lib/db";
import { webUrl } from "@/lib/runtime/web-url";

export const MIN_PASSWORD_LENGTH = 10;
export const USERNAME = /^[a-z0-9][a-z0-9._-]{1,31}$/;

function createAuth() {
  return betterAuth({
    appName: "COSMO",
    baseURL: webUrl(),
    secret: authSecret(),
    database: prismaAdapter(db, { provider: "postgresql" }),
    // Accounts are made by admins (lib/users), never by signing up.
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: MIN_PASSWORD_LENGTH },
    user: {
      additionalFields: {
        role: { type: "string", input: false, defaultValue: "viewer" },
        disabled: { type: "boolean", input: false, defaultValue: false },
      },
    },
    // The same rule as creating a user (lib/users/user-input.ts), which also allows "-".
    plugins: [username({ minUsernameLength: 2, maxUsernameLength: 32, usernameValidator: (name) => USERNAME.test(name) })],
    advanced: { cookiePrefix: "cosmo", database: { generateId: "uuid" } },
    // Failed logins are slowed down in PostgreSQL (lib/auth/login-throttle.ts), per user name and address.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
  });
}

type Auth = ReturnType<typeof createAuth>;

const globalForAuth = globalThis as unknown as { cosmoAuth?: Auth };

/** better-auth, created on first use: it reads the auth secret, which a build must not need. */
export function auth(): Auth {
  globalForAuth.cosmoAuth ??= createAuth();
  return globalForAuth.cosmoAuth;
}
