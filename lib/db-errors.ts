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
