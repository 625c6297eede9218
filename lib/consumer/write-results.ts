import { db } from "@/lib/db";
import type { ParsedResults } from "@/lib/consumer/parse-result-messages";
import type { ProgressResult } from "@/lib/results/schema";
import { sparkProgressUpdate } from "@/lib/results/spark-progress";
import { WINDOWS_CHANNEL, type WindowNotification } from "@/lib/results/listen-windows";

export interface WriteOutcome {
  windows: number;
  unwindowed: number;
  /** Messages of runs this database does not know (deleted, or another installation's). */
  unknownRuns: string[];
}

/**
 * Stores a batch in one transaction: windows upserted by (run, window), run
 * totals moved by the difference each upsert made, the unwindowed counts set,
 * and a notification per change, delivered by PostgreSQL at commit.
 */
export async function writeResults({ windows, unwindowed, progress = [] }: Omit<ParsedResults, "progress"> & { progress?: ProgressResult[] }): Promise<WriteOutcome> {
  const runIds = [...new Set([...windows.map((w) => w.runId), ...unwindowed.map((u) => u.runId), ...progress.map((p) => p.runId)])].sort();
  if (runIds.length === 0) return { windows: 0, unwindowed: 0, unknownRuns: [] };
  return db.$transaction(
    async (tx) => {
      // Locking the runs serialises consumers writing the same run, so the totals' deltas add up.
      const known = new Set(
        (await tx.$queryRaw<{ id: string }[]>`select id::text as id from run where id = any(${runIds}::uuid[]) order by id for update`).map((r) => r.id),
      );
      const keptWindows = windows.filter((w) => known.has(w.runId));
      const keptUnwindowed = unwindowed.filter((u) => known.has(u.runId));
      if (keptWindows.length > 0) {
        await tx.$executeRaw`
          with incoming as (
            select (x->>'runId')::uuid as run_id, (x->>'window')::int as "window", (x->>'records')::int as records,
                   (x->>'totalHits')::int as total_hits, (x->>'firstOrbit')::bigint as first_orbit,
                   (x->>'lastOrbit')::bigint as last_orbit, x as data
            from jsonb_array_elements(${JSON.stringify(keptWindows)}::jsonb) as x
          ), previous as (
            select w.run_id, w."window", w.records, w.total_hits
            from run_window w join incoming i on i.run_id = w.run_id and i."window" = w."window"
          ), upserted as (
            insert into run_window (run_id, "window", records, total_hits, first_orbit, last_orbit, data, received_at, updated_at)
            select run_id, "window", records, total_hits, first_orbit, last_orbit, data, now(), now() from incoming
            on conflict (run_id, "window") do update set
              records = excluded.records, total_hits = excluded.total_hits, first_orbit = excluded.first_orbit,
              last_orbit = excluded.last_orbit, data = excluded.data, updated_at = now()
          ), delta as (
            select i.run_id, count(*) filter (where p.run_id is null) as windows,
                   sum(i.records - coalesce(p.records, 0)) as records, sum(i.total_hits - coalesce(p.total_hits, 0)) as total_hits
            from incoming i left join previous p on p.run_id = i.run_id and p."window" = i."window"
            group by i.run_id
          )
          update run r set totals = r.totals || jsonb_build_object(
            'windows', coalesce((r.totals->>'windows')::bigint, 0) + d.windows,
            'records', coalesce((r.totals->>'records')::bigint, 0) + d.records,
            'totalHits', coalesce((r.totals->>'totalHits')::bigint, 0) + d.total_hits)
          from delta d where r.id = d.run_id`;
      }
      if (keptUnwindowed.length > 0) {
        await tx.$executeRaw`
          update run r set unwindowed_malformed = (x->>'malformed')::int
          from jsonb_array_elements(${JSON.stringify(keptUnwindowed)}::jsonb) as x
          where r.id = (x->>'runId')::uuid`;
      }
      const keptProgress = progress.filter((p) => known.has(p.runId));
      if (keptProgress.length > 0) await writeProgress(tx, keptProgress);
      const notes: WindowNotification[] = [
        ...keptWindows.map((w) => ({ runId: w.runId, window: w.window })),
        ...keptUnwindowed.map((u) => ({ runId: u.runId, window: null })),
      ];
      if (notes.length > 0) {
        await tx.$executeRaw`select pg_notify(${WINDOWS_CHANNEL}, n) from unnest(${notes.map((n) => JSON.stringify(n))}::text[]) as n`;
      }
      return { windows: keptWindows.length, unwindowed: keptUnwindowed.length, unknownRuns: runIds.filter((id) => !known.has(id)) };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

type Tx = Parameters<Parameters<typeof db.$transaction>[0]>[0];

/**
 * The latest progress per run, with the latency of the newest window the
 * messages closed: its row's received_at (stored above, in this transaction,
 * when it came in the same batch) minus the Kafka time of its last record.
 */
async function writeProgress(tx: Tx, progress: ProgressResult[]): Promise<void> {
  const closed = progress.flatMap((p) => p.windows.map((w) => ({ run_id: p.runId, window: w.window, input_at: w.inputAt })));
  const latencies = closed.length
    ? await tx.$queryRaw<{ run_id: string; window: number; ms: number }[]>`
        select c.run_id::text, c."window", (extract(epoch from w.received_at) * 1000)::float8 - c.input_at as ms
        from jsonb_to_recordset(${JSON.stringify(closed)}::jsonb) as c(run_id uuid, "window" int, input_at float8)
        join run_window w on w.run_id = c.run_id and w."window" = c."window"
        order by c."window"`
    : [];
  const latest = new Map(progress.map((p) => [p.runId, p]));
  for (const [runId, m] of latest) {
    const newest = latencies.filter((l) => l.run_id === runId).at(-1);
    const update = sparkProgressUpdate(m, newest && { window: newest.window, ms: Math.max(0, Math.round(newest.ms)) });
    await tx.$executeRaw`update run set spark_progress = coalesce(spark_progress, '{}'::jsonb) || ${JSON.stringify(update)}::jsonb where id = ${runId}::uuid`;
  }
}
