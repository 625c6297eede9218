import { z } from "zod";
import { db } from "@/lib/db";
import { CosmoError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { RunStatus } from "@/lib/generated/prisma/enums";
import { toRunListItem, type RunListItem } from "@/lib/runs/run-list-item";

const MAX_LIMIT = 200;

// Years PostgreSQL's timestamps hold; JavaScript's dates reach further, and the query would fail with a 500.
export const queryDate = z.coerce
  .date({ message: "expected a date (ISO 8601)" })
  .min(new Date("0001-01-01T00:00:00Z"), "expected a date in the years 1 to 9999")
  .max(new Date("9999-12-31T23:59:59Z"), "expected a date in the years 1 to 9999");

/** The history's filters, as a query string gives them. */
export const listRunsQuerySchema = z
  .object({
    clusterId: z.uuid({ message: "expected a cluster id (uuid)" }).optional(),
    startedBy: z.string().trim().min(1, "expected a user name").optional(),
    status: z.enum(RunStatus, { message: `expected one of ${Object.values(RunStatus).join(", ")}` }).optional(),
    from: queryDate.optional(),
    to: queryDate.optional(),
    cursor: z.string().min(1, "expected the nextCursor of a previous page").optional(),
    limit: z.coerce.number({ message: "expected a number" }).int("expected a whole number").min(1, "expected at least 1").max(MAX_LIMIT, `expected at most ${MAX_LIMIT}`).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "expected a date after from", path: ["to"] });

export type ListRunsQuery = z.infer<typeof listRunsQuerySchema>;

export interface RunPage {
  runs: RunListItem[];
  /** Pass as `cursor` for the next (older) page; null on the last one. */
  nextCursor: string | null;
}

/** Keyset position: the last run of a page. Ties on createdAt are broken by id. */
interface Cursor {
  createdAt: Date;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`).toString("base64url");
}

function decodeCursorOrThrow(raw: string): Cursor {
  const [at, id] = Buffer.from(raw, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (!id || !z.uuid().safeParse(id).success || Number.isNaN(createdAt.getTime())) {
    throw new CosmoError("BAD_REQUEST", "cursor: expected the nextCursor of a previous page", { fields: [{ path: "cursor", message: "expected the nextCursor of a previous page" }] });
  }
  return { createdAt, id };
}

/** Runs newest first, filtered, one page at a time (keyset pagination: stable while runs are added). */
export async function listRuns(query: ListRunsQuery): Promise<RunPage> {
  const where: Prisma.RunWhereInput[] = [];
  if (query.clusterId) where.push({ clusterId: query.clusterId });
  if (query.startedBy) where.push({ startedBy: query.startedBy });
  if (query.status) where.push({ status: query.status });
  if (query.from) where.push({ createdAt: { gte: query.from } });
  if (query.to) where.push({ createdAt: { lte: query.to } });
  if (query.cursor) {
    const c = decodeCursorOrThrow(query.cursor);
    where.push({ OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }] });
  }
  const rows = await db.run.findMany({
    where: { AND: where },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
    include: { cluster: { select: { name: true } }, buffer: { select: { state: true } } },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { runs: page.map(toRunListItem), nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null };
}
