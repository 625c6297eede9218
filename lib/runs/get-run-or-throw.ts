import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import type { Run } from "@/lib/generated/prisma/client";
import { isUuid } from "@/lib/is-uuid";

export async function getRunOrThrow(id: string): Promise<Run> {
  const run = isUuid(id) ? await db.run.findUnique({ where: { id } }) : null;
  if (!run) throw new CosmoError("NOT_FOUND", `run ${id} not found`);
  return run;
}
