import { syncAlarm } from "@/lib/alarms/sync-alarm";
import { db } from "@/lib/db";
import { DETECTOR } from "@/lib/quality/evaluate-checks";
import type { StoredOutcome } from "@/lib/quality/check-windows";

export const qualityAlarmKey = (runId: string, check: string, chamber: number) => `quality:${check}:${runId}:${chamber}`;

/**
 * Each check in error on the run's newest window is an alarm (source
 * `quality`, one per run, check and chamber); the alarms of checks no longer
 * in error are observed as not holding, so the alarm system clears them
 * with its own hysteresis. Warnings show on the quality strip only.
 */
export async function syncQualityAlarms(run: { id: string; clusterId: string | null; name: string }, window: number, outcomes: StoredOutcome[]): Promise<void> {
  const active = await db.alarm.findMany({ where: { runId: run.id, source: "quality", state: "active" }, select: { key: true } });
  const activeKeys = new Set(active.map((a) => a.key));
  for (const o of outcomes) {
    const key = qualityAlarmKey(run.id, o.check, o.chamber);
    const holds = o.flag === "error";
    if (!holds && !activeKeys.has(key)) continue;
    const where = o.chamber === DETECTOR ? "the detector" : `chamber ${o.chamber}`;
    await syncAlarm({
      key,
      source: "quality",
      kind: o.check,
      severity: "error",
      title: `Quality: ${o.check} of ${where} in error`,
      detail: `window ${window}: ${o.detail}`.slice(0, 4000),
      runId: run.id,
      clusterId: run.clusterId,
      active: holds,
    });
  }
}
