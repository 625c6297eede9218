import { CosmoError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";

/** A unique constraint refused the write (Prisma's P2002): another row already has the value. */
export const isUniqueViolation = (error: unknown): boolean =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

/** Runs a write whose only expected failure is a taken name, and turns that into a CONFLICT saying so. */
export async function conflictOnUnique<T>(write: () => Promise<T>, message: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new CosmoError("CONFLICT", message, { cause: error });
    throw error;
  }
}

const UNREACHABLE = /ECONNREFUSED|ECONNRESET|EPIPE|Connection terminated|connection.*(closed|ended)|terminating connection|database system is (shutting down|starting up)|Can't reach database|P1001|P1017|57P01|57P03|08006|08001|Timed out fetching a new connection/i;

/**
 * The database did not answer (stopped, restarting, network gone) rather
 * than refusing the query: worth waiting out and retrying. The pool opens a
 * new connection for the next query, so a retry is all it takes once it is back.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e = error as { message?: unknown; code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 6; e = e.cause as typeof e, depth++) {
    if (UNREACHABLE.test(String(e.message ?? "")) || UNREACHABLE.test(String(e.code ?? ""))) return true;
  }
  return false;
}
