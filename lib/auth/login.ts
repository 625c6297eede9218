import { randomBytes } from "node:crypto";
import { isAPIError } from "better-auth/api";
import { z } from "zod";
import type { Actor } from "@/lib/auth/actor";
import { auth } from "@/lib/auth/better-auth";
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from "@/lib/auth/login-throttle";
import type { Role } from "@/lib/auth/roles";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";

export const loginInputSchema = z.object({
  username: z.string().trim().toLowerCase().min(1, "your user name").max(64, "at most 64 characters"),
  password: z.string().min(1, "your password").max(256, "at most 256 characters"),
});

export type LoginInput = z.infer<typeof loginInputSchema>;

/**
 * The client's address: the web server (server.ts, lib/api/forwarded.ts) puts
 * exactly one in X-Forwarded-For, the socket's peer or, behind a trusted
 * proxy, the client that proxy names.
 */
export const clientAddress = (headers: Headers): string => headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";

let dummyHash: Promise<string> | undefined;

/**
 * Checks a password against a hash of nothing, made by better-auth's own
 * hashing (same algorithm, same cost): an unknown user name costs what a known
 * one does, so the time of the answer does not tell which names exist.
 */
async function verifyAgainstDummyHash(password: string): Promise<void> {
  const { password: hashing } = await auth().$context;
  dummyHash ??= hashing.hash(randomBytes(16).toString("hex"));
  await hashing.verify({ password, hash: await dummyHash });
}

/**
 * Checks the password (better-auth) and opens a session; answers with the
 * session cookie to set. Refused with 429 while the user name or the address
 * has failed too often, even with the right password.
 */
export async function login(input: LoginInput, headers: Headers): Promise<{ actor: Actor; setCookies: string[] }> {
  const subject = { username: input.username, address: clientAddress(headers) };
  await assertLoginAllowed(subject);
  const user = await db.user.findUnique({ where: { username: input.username } });
  try {
    // A disabled user fails like a wrong password: the answer does not tell which accounts exist.
    // It also takes as long: the password is checked against a hash all the same.
    if (!user || user.disabled) {
      await verifyAgainstDummyHash(input.password);
      throw new CosmoError("UNAUTHORIZED", "no such active user");
    }
    const { headers: answer } = await auth().api.signInUsername({ body: { username: input.username, password: input.password }, headers, returnHeaders: true });
    await recordLoginSuccess(subject);
    await recordAudit({ actor: { name: user.username ?? user.name }, action: "login.succeeded", target: { type: "user", id: user.id }, details: { address: subject.address } });
    return { actor: { name: user.username ?? user.name, role: user.role as Role, userId: user.id }, setCookies: answer.getSetCookie() };
  } catch (error) {
    if (!(error instanceof CosmoError) && !isAPIError(error)) throw error;
    await recordLoginFailure(subject);
    await recordAudit({ actor: { name: input.username }, action: "login.failed", target: { type: "user", id: user?.id ?? input.username }, details: { address: subject.address } });
    throw new CosmoError("UNAUTHORIZED", "wrong user name or password", { cause: error });
  }
}

/** Ends the browser's session (better-auth deletes it) and answers with the cookies that clear it. */
export async function logout(actor: Actor, headers: Headers): Promise<{ setCookies: string[] }> {
  if (actor.tokenId) throw new CosmoError("BAD_REQUEST", "an API token has no session to log out of: revoke the token instead");
  const { headers: answer } = await auth().api.signOut({ headers, returnHeaders: true });
  await recordAudit({ actor, action: "login.ended", target: { type: "user", id: actor.userId } });
  return { setCookies: answer.getSetCookie() };
}
