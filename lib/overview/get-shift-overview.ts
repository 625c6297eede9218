import { alarmSummary, type AlarmSummary } from "@/lib/alarms/alarm-summary";
import { listAlarms } from "@/lib/alarms/list-alarms";
import type { AlarmView } from "@/lib/alarms/alarm-view";
import { db } from "@/lib/db";
import type { ClusterState } from "@/lib/generated/prisma/client";
import { ORBIT_SECONDS } from "@/lib/live/rate-series";
import { toRunListItem, type RunListItem } from "@/lib/runs/run-list-item";

/** An open run as the shift watches it: its hit rate and how old its latest window is. */
export interface OpenRunView extends RunListItem {
  /** Chamber hits per second of detector time in the latest stored window (null: no window yet). */
  hitRate: number | null;
  lastWindow: number | null;
  /** When the latest window was stored or last changed. */
  lastWindowAt: string | null;
}

/** What the home page shows a shift at a glance. */
export interface ShiftOverview {
  at: string;
  clusters: { id: string; name: string; description: string; state: ClusterState; updatedAt: string }[];
  openRuns: OpenRunView[];
  alarms: AlarmSummary & { latest: AlarmView[] };
  recentRuns: RunListItem[];
}

const RECENT_RUNS = 10;
const LATEST_ALARMS = 10;
const runInclude = { cluster: { select: { name: true } }, buffer: { select: { state: true } } } as const;


async function openRunView(item: RunListItem): Promise<OpenRunView> {
  const latest = await db.runWindow.findFirst({ where: { runId: item.id }, orderBy: { window: "desc" }, select: { window: true, totalHits: true, updatedAt: true, data: true } });
  const orbits = (latest?.data as { orbitsPerWindow?: number } | undefined)?.orbitsPerWindow;
  return {
    ...item,
    hitRate: latest && orbits ? latest.totalHits / (orbits * ORBIT_SECONDS) : null,
    lastWindow: latest?.window ?? null,
    lastWindowAt: latest?.updatedAt.toISOString() ?? null,
  };
}

/** Clusters and their state, open runs with their rate, latest window and worst flag, active alarms, recent runs. */
export async function getShiftOverview(): Promise<ShiftOverview> {
  const [clusters, open, recent, summary, alarms] = await Promise.all([
    db.clusterConfig.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, description: true, state: true, updatedAt: true } }),
    db.run.findMany({ where: { status: { in: ["pending", "running"] } }, orderBy: { createdAt: "desc" }, include: runInclude }),
    db.run.findMany({ where: { status: { notIn: ["pending", "running"] } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: RECENT_RUNS, include: runInclude }),
    alarmSummary(),
    listAlarms({ state: "active", limit: LATEST_ALARMS }),
  ]);
  return {
    at: new Date().toISOString(),
    clusters: clusters.map((c) => ({ ...c, updatedAt: c.updatedAt.toISOString() })),
    openRuns: await Promise.all(open.map((r) => openRunView(toRunListItem(r)))),
    alarms: { ...summary, latest: alarms.alarms },
    recentRuns: recent.map(toRunListItem),
  };
}
