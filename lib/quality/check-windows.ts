import { db } from "@/lib/db";
import type { QualityFlag } from "@/lib/generated/prisma/client";
import { evaluateChecks, type CheckOutcome, type ReferenceStats } from "@/lib/quality/evaluate-checks";
import { hysteresisFlag, worseOf } from "@/lib/quality/hysteresis";
import { syncQualityAlarms } from "@/lib/quality/quality-alarms";
import { qualityChecksSchema, type QualityChecks } from "@/lib/quality/quality-config";
import { referenceStats } from "@/lib/quality/reference-stats";
import { readRunReference } from "@/lib/quality/run-reference";
import { sumWindows } from "@/lib/quality/window-sums";
import type { WindowResult } from "@/lib/results/schema";

export type StoredOutcome = CheckOutcome & { flag: QualityFlag };

/**
 * Windows of each run seen lately by this process, so a check does not read
 * its whole period back from the database for every window: only the windows
 * of the period it has not seen (after a start, for an old window sent again,
 * or where the data has a gap).
 */
const recent = new Map<string, { windows: Map<number, WindowResult>; used: number }>();
const MAX_RUNS = 16;
/** Windows of a batch ahead of the one being checked, kept so they are not read back. */
const BATCH_SLACK = 256;

function recentOf(runId: string) {
  let entry = recent.get(runId);
  if (!entry) {
    if (recent.size >= MAX_RUNS) {
      const oldest = [...recent.entries()].sort((a, b) => a[1].used - b[1].used)[0]![0];
      recent.delete(oldest);
    }
    entry = { windows: new Map(), used: 0 };
    recent.set(runId, entry);
  }
  entry.used = Date.now();
  return entry;
}

async function periodWindows(runId: string, window: number, span: number): Promise<WindowResult[]> {
  const entry = recentOf(runId);
  const wanted = Array.from({ length: span }, (_, i) => window - span + 1 + i);
  const missing = wanted.filter((k) => !entry.windows.has(k));
  if (missing.length > 0) {
    const rows = await db.runWindow.findMany({ where: { runId, window: { in: missing } }, select: { window: true, data: true } });
    // Stored windows were validated by the consumer that stored them.
    for (const r of rows) entry.windows.set(r.window, r.data as unknown as WindowResult);
  }
  const period = wanted.flatMap((k) => entry.windows.get(k) ?? []);
  // Kept: the newest windows seen, two periods deep (a batch's windows are added before they are checked).
  const newest = Math.max(window, ...entry.windows.keys());
  for (const k of entry.windows.keys()) if (k <= newest - 2 * span - BATCH_SLACK) entry.windows.delete(k);
  return period;
}

type History = Map<string, { levels: QualityFlag[]; flag: QualityFlag }>;

/** The levels and last flag of each check over the `depth` windows stored before `window`, oldest first. */
async function history(runId: string, window: number, depth: number): Promise<History> {
  const rows = await db.qualityResult.findMany({
    where: { runId, window: { gte: window - depth, lt: window } },
    orderBy: { window: "asc" },
    select: { check: true, chamber: true, level: true, flag: true },
  });
  const out: History = new Map();
  for (const r of rows) {
    const key = `${r.check}:${r.chamber}`;
    const h = out.get(key) ?? { levels: [], flag: "ok" };
    h.levels.push(r.level);
    h.flag = r.flag;
    out.set(key, h);
  }
  return out;
}

/** Consecutive window numbers grouped: each group reads the stored history once and carries it on in memory. */
function segments(windows: number[]): number[][] {
  const out: number[][] = [];
  for (const k of windows) {
    const last = out.at(-1);
    if (last && k === last.at(-1)! + 1) last.push(k);
    else out.push([k]);
  }
  return out;
}

async function evaluateWindow(runId: string, config: QualityChecks, window: number, reference: ReferenceStats | null, past: History): Promise<StoredOutcome[]> {
  const span = Math.max(config.periodWindows, config.rulePeriodWindows);
  const windows = await periodWindows(runId, window, span);
  const period = sumWindows(windows.filter((w) => w.window > window - config.periodWindows));
  const rules = sumWindows(windows.filter((w) => w.window > window - config.rulePeriodWindows));
  const depth = Math.max(config.raiseAfter, config.clearAfter);
  return evaluateChecks(config, period, rules, reference).map((o) => {
    const key = `${o.check}:${o.chamber}`;
    const h = past.get(key) ?? { levels: [], flag: "ok" as QualityFlag };
    const flag = hysteresisFlag([...h.levels, o.level], h.flag, config.raiseAfter, config.clearAfter);
    past.set(key, { levels: [...h.levels, o.level].slice(-depth), flag });
    return { ...o, flag };
  });
}

/**
 * Upserts a run's outcomes (by window, check and chamber) and raises its worst flag, in one transaction:
 * a reader never sees a window's results without the run's flag they raise.
 */
async function storeOutcomes(runId: string, rows: (StoredOutcome & { window: number })[]): Promise<void> {
  const worst = rows.reduce<QualityFlag>((w, o) => worseOf(w, o.flag), "ok");
  await db.$transaction([
    db.$executeRaw`
    insert into quality_result (run_id, "window", "check", chamber, level, flag, value, detail, updated_at)
    select ${runId}::uuid, x."window", x."check", x.chamber, x.level::quality_flag, x.flag::quality_flag, x.value, x.detail, now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x("window" int, "check" text, chamber int, level text, flag text, value float8, detail text)
    on conflict (run_id, "window", "check", chamber) do update set
      level = excluded.level, flag = excluded.flag, value = excluded.value, detail = excluded.detail, updated_at = now()`,
    db.$executeRaw`update run set worst_flag = greatest(coalesce(worst_flag, 'ok'::quality_flag), ${worst}::quality_flag) where id = ${runId}::uuid`,
  ]);
}

/**
 * Runs the quality checks of windows just stored (the results consumer calls
 * it after each batch): per run, in window order, each window's checks over
 * its sliding periods, the flags after hysteresis upserted per window, check
 * and chamber, the run's worst flag raised, and the newest window's errors
 * synced as alarms. Idempotent: a window checked again (a replay, a restart)
 * gets the same rows.
 */
export async function checkStoredWindows(windows: readonly WindowResult[]): Promise<number> {
  const byRun = new Map<string, WindowResult[]>();
  for (const w of windows) {
    const list = byRun.get(w.runId);
    if (list) list.push(w);
    else byRun.set(w.runId, [w]);
  }
  let checked = 0;
  for (const [runId, list] of byRun) {
    const run = await db.run.findUnique({ where: { id: runId }, select: { id: true, name: true, clusterId: true, qualityChecks: true, reference: true } });
    if (!run) continue;
    const config = qualityChecksSchema.parse(run.qualityChecks ?? {});
    if (!config.enabled) continue;
    const entry = recentOf(runId);
    for (const w of list) entry.windows.set(w.window, w);
    const ref = readRunReference(run.reference);
    const reference = ref ? await referenceStats(ref) : null;
    const rows: (StoredOutcome & { window: number })[] = [];
    let last: { window: number; outcomes: StoredOutcome[] } | null = null;
    for (const segment of segments([...new Set(list.map((w) => w.window))].sort((a, b) => a - b))) {
      const past = await history(runId, segment[0]!, Math.max(config.raiseAfter, config.clearAfter));
      for (const k of segment) {
        const outcomes = await evaluateWindow(runId, config, k, reference, past);
        rows.push(...outcomes.map((o) => ({ ...o, window: k })));
        last = { window: k, outcomes };
        checked++;
      }
    }
    if (rows.length > 0) await storeOutcomes(runId, rows);
    if (last) await syncQualityAlarms(run, last.window, last.outcomes);
  }
  return checked;
}
