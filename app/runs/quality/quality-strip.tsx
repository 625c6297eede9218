"use client";

import { useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/app/components/fetch-json";
import type { QualityFlag } from "@/lib/generated/prisma/enums";
import type { RunQuality, WindowQuality } from "@/lib/quality/get-run-quality";

/** At most this many columns: longer runs show the worst flag of each group of windows. */
const MAX_COLUMNS = 600;
const ROW_HEIGHT = 12;
const FILL: Record<QualityFlag, string> = { ok: "#2e7d32", warning: "#f9a825", error: "#d32f2f" };
const RANK: Record<QualityFlag, number> = { ok: 0, warning: 1, error: 2 };

interface Cell {
  from: number;
  to: number;
  flag: QualityFlag;
  problems: string[];
}

/** One row of cells over detector time: windows without results stay empty (a gap is a gap). */
function rowCells(windows: WindowQuality[], chamber: string, first: number, perColumn: number): Map<number, Cell> {
  const cells = new Map<number, Cell>();
  for (const w of windows) {
    const flag = w.chambers[chamber];
    if (!flag) continue;
    const column = Math.floor((w.window - first) / perColumn);
    const cell = cells.get(column) ?? { from: w.window, to: w.window, flag: "ok" as QualityFlag, problems: [] };
    cell.to = w.window;
    if (RANK[flag] > RANK[cell.flag]) cell.flag = flag;
    for (const p of w.problems) if (String(p.chamber) === chamber && p.flag !== "ok") cell.problems.push(`${p.check}: ${p.flag} (${p.detail})`);
    cells.set(column, cell);
  }
  return cells;
}

/**
 * The run's quality over detector time: a row for the detector as a whole and
 * one per chamber, a cell per window (or group of windows), green, amber or red.
 */
export function QualityStrip({ runId, live }: { runId: string; live: boolean }) {
  const quality = useQuery({
    queryKey: ["quality", runId],
    queryFn: () => fetchJson<RunQuality>(`/api/runs/${encodeURIComponent(runId)}/quality`),
    refetchInterval: live ? 2000 : false,
  });
  if (!quality.data) return null;
  const { windows, reference } = quality.data;
  if (windows.length === 0) {
    return (
      <p className="muted" data-testid="quality-strip-empty">
        Data quality: no window checked yet{reference ? "" : " (no reference in force: only the rules that need none run)"}.
      </p>
    );
  }
  const first = windows[0]!.window;
  const last = windows[windows.length - 1]!.window;
  const perColumn = Math.max(1, Math.ceil((last - first + 1) / MAX_COLUMNS));
  const columns = Math.floor((last - first) / perColumn) + 1;
  const chambers = [...new Set(windows.flatMap((w) => Object.keys(w.chambers)))].sort((a, b) => Number(a) - Number(b));
  const latest = windows[windows.length - 1]!;
  const current = latest.problems.filter((p) => p.flag !== "ok");
  return (
    <div className="quality-strip" data-testid="quality-strip" data-latest-flag={latest.flag}>
      <h2>Data quality</h2>
      <div className="quality-strip-grid">
        <div className="quality-strip-labels">
          {chambers.map((c) => (
            <div key={c} style={{ height: ROW_HEIGHT }}>
              {c === "-1" ? "detector" : `chamber ${c}`}
            </div>
          ))}
        </div>
        <svg viewBox={`0 0 ${columns} ${chambers.length * ROW_HEIGHT}`} preserveAspectRatio="none" width="100%" height={chambers.length * ROW_HEIGHT} role="img" aria-label="quality flags over detector time">
          {chambers.map((c, row) =>
            [...rowCells(windows, c, first, perColumn)].map(([column, cell]) => (
              <rect key={`${c}-${column}`} x={column} y={row * ROW_HEIGHT + 1} width={1} height={ROW_HEIGHT - 2} fill={FILL[cell.flag]} data-flag={cell.flag} data-chamber={c} data-window={cell.from}>
                <title>{`${c === "-1" ? "detector" : `chamber ${c}`}, window ${cell.from}${cell.to > cell.from ? `-${cell.to}` : ""}: ${cell.flag}${cell.problems.length ? `\n${[...new Set(cell.problems)].join("\n")}` : ""}`}</title>
              </rect>
            )),
          )}
        </svg>
      </div>
      <p className="muted">
        detector time: windows {first} to {last} (about {last - first + 1} s){perColumn > 1 ? `, ${perColumn} windows a column` : ""}; reference{" "}
        {reference ? `run ${reference.runId}${reference.fromWindow !== null || reference.toWindow !== null ? ` windows ${reference.fromWindow ?? "first"}-${reference.toWindow ?? "last"}` : ""}` : "none"}
      </p>
      {current.length > 0 ? (
        <ul data-testid="quality-problems">
          {current.map((p) => (
            <li key={`${p.check}:${p.chamber}`} className={`quality-text-${p.flag}`}>
              {p.chamber === -1 ? "detector" : `chamber ${p.chamber}`} {p.check}: {p.flag} — {p.detail}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
