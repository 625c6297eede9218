import { z } from "zod";
import { db } from "@/lib/db";
import type { QualityFlag } from "@/lib/generated/prisma/client";
import { qualityChecksSchema, type QualityChecks } from "@/lib/quality/quality-config";
import { readRunReference, type RunReference } from "@/lib/quality/run-reference";
import { getRunOrThrow } from "@/lib/runs/get-run-or-throw";

const windowNumber = z.coerce
  .number({ message: "expected a window number" })
  .int("expected a whole window number")
  .min(0, "expected a window number of at least 0")
  .max(2_147_483_647, "expected a window number of at most 2147483647");

export const runQualityQuerySchema = z.object({ from: windowNumber.optional(), to: windowNumber.optional() });

export interface QualityProblem {
  check: string;
  /** -1: the detector as a whole. */
  chamber: number;
  flag: QualityFlag;
  level: QualityFlag;
  value: number | null;
  detail: string;
}

export interface WindowQuality {
  window: number;
  /** The worst flag of the window. */
  flag: QualityFlag;
  /** The worst flag per chamber ("-1": the detector as a whole). */
  chambers: Record<string, QualityFlag>;
  /** The checks not ok in this window, by flag or by this evaluation alone. */
  problems: QualityProblem[];
}

export interface RunQuality {
  runId: string;
  worstFlag: QualityFlag | null;
  reference: RunReference | null;
  /** The checks configuration frozen into the run. */
  checks: QualityChecks;
  windows: WindowQuality[];
}

/** A run's quality flags per window and chamber (optionally a window range), with what is not ok. */
export async function getRunQuality(runId: string, query: z.infer<typeof runQualityQuerySchema> = {}): Promise<RunQuality> {
  const run = await getRunOrThrow(runId);
  const window = { ...(query.from !== undefined ? { gte: query.from } : {}), ...(query.to !== undefined ? { lte: query.to } : {}) };
  const [perChamber, problems] = await Promise.all([
    db.qualityResult.groupBy({ by: ["window", "chamber"], where: { runId, window }, _max: { flag: true }, orderBy: [{ window: "asc" }, { chamber: "asc" }] }),
    db.qualityResult.findMany({
      where: { runId, window, OR: [{ flag: { not: "ok" } }, { level: { not: "ok" } }] },
      orderBy: [{ window: "asc" }, { chamber: "asc" }, { check: "asc" }],
      select: { window: true, check: true, chamber: true, flag: true, level: true, value: true, detail: true },
    }),
  ]);
  const windows = new Map<number, WindowQuality>();
  const RANK = { ok: 0, warning: 1, error: 2 } as const;
  for (const row of perChamber) {
    const flag = row._max.flag ?? "ok";
    const w = windows.get(row.window) ?? { window: row.window, flag: "ok", chambers: {}, problems: [] };
    w.chambers[String(row.chamber)] = flag;
    if (RANK[flag] > RANK[w.flag]) w.flag = flag;
    windows.set(row.window, w);
  }
  for (const { window: k, ...problem } of problems) windows.get(k)?.problems.push(problem);
  return {
    runId: run.id,
    worstFlag: run.worstFlag,
    reference: readRunReference(run.reference),
    checks: qualityChecksSchema.parse(run.qualityChecks ?? {}),
    windows: [...windows.values()],
  };
}
