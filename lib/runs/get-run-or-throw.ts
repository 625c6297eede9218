import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import type { Run } from "@/lib/generated/prisma/client";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function getRunOrThrow(id: string): Promise<Run> {
  // A malformed id would make PostgreSQL reject the uuid cast: it is simply no run.
  const run = UUID.test(id) ? await db.run.findUnique({ where: { id } }) : null;
  if (!run) throw new CosmoError("NOT_FOUND", `run ${id} not found`);
  return run;
}
