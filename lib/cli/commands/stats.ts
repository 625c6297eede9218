import { detectorConfigFromFlags, detectorFlagOptions, detectorFlagsUsage } from "@/lib/cli/detector-flags";
import { parseFlags } from "@/lib/cli/flags";
import { writeStdout } from "@/lib/cli/write-stdout";
import { CosmoError } from "@/lib/errors";
import { formatOfPathOrThrow, scanFile } from "@/lib/detector/scan";
import { WindowAccumulator } from "@/lib/detector/window-stats";
import type { WindowResult } from "@/lib/results/schema";

export const statsUsage = `usage: cosmo stats FILE... [--json] [detector settings]

Reference statistics of .txt or .dat files, per window of detector time.
  --json                     print the WindowResult and UnwindowedResult objects (runId "offline")
${detectorFlagsUsage}
`;

/** Bad lines printed one by one before only counting them: a corrupt file must not flood the terminal. */
const REPORTED_LINES = 20;

export async function statsCommand(args: string[]): Promise<number> {
  const { values, positionals: files } = parseFlags(args, { ...detectorFlagOptions, json: { type: "boolean" }, help: { type: "boolean" } });
  if (values.help) {
    await writeStdout(statsUsage);
    return 0;
  }
  if (files.length === 0) throw new CosmoError("BAD_REQUEST", statsUsage.trimEnd());
  files.forEach(formatOfPathOrThrow);
  const config = detectorConfigFromFlags(values);
  const acc = new WindowAccumulator(config, "offline");
  let bad = 0;
  for (const file of files) {
    await scanFile(file, (parsed, position) => {
      const outcome = acc.add(parsed);
      if (outcome !== "malformed" && outcome !== "unreadable") return;
      if (++bad <= REPORTED_LINES && parsed.kind !== "record" && parsed.kind !== "skip") {
        process.stderr.write(`${file}:${position}: ${outcome}: ${parsed.reason}\n`);
      }
    });
  }
  if (bad > REPORTED_LINES) process.stderr.write(`... ${bad - REPORTED_LINES} more malformed or unreadable lines\n`);
  if (values.json) {
    await writeStdout(`${JSON.stringify(acc.results())}\n`);
    return 0;
  }
  await writeStdout(`${summaryTable(acc.windowResults(), acc.unwindowedResult().malformed)}\n`);
  return 0;
}

const dropsOf = (w: WindowResult) => Object.entries(w.dropped.head).map(([head, n]) => `${head}:${n}`).join(" ") || "-";

/** One row per window plus a total row; the chamber columns are hits. */
function summaryTable(windows: WindowResult[], unreadable: number): string {
  const chambers = windows[0]?.hitsPerChamber.length ?? 0;
  const head = ["WINDOW", "ORBITS", "RECORDS", "HITS", ...Array.from({ length: chambers }, (_, c) => `CH${c}`), "SCINT", "HEAD DROPS", "UNMAPPED", "MALFORMED"];
  const rows = windows.map((w) => [
    String(w.window),
    `${w.firstOrbit}-${w.lastOrbit}`,
    String(w.records),
    String(w.totalHits),
    ...w.hitsPerChamber.map(String),
    String(w.scintillatorOrbits),
    dropsOf(w),
    String(w.dropped.unmappedChannel),
    String(w.dropped.malformed),
  ]);
  const sum = (f: (w: WindowResult) => number) => windows.reduce((a, w) => a + f(w), 0);
  const headTotals: Record<string, number> = {};
  for (const w of windows) for (const [k, n] of Object.entries(w.dropped.head)) headTotals[k] = (headTotals[k] ?? 0) + n;
  const totalHits = sum((w) => w.totalHits);
  rows.push([
    `total (${windows.length})`,
    windows.length ? `${windows.reduce((a, w) => Math.min(a, w.firstOrbit), Infinity)}-${windows.reduce((a, w) => Math.max(a, w.lastOrbit), 0)}` : "-",
    String(sum((w) => w.records)),
    String(totalHits),
    ...Array.from({ length: chambers }, (_, c) => {
      const hits = sum((w) => w.hitsPerChamber[c] ?? 0);
      return `${hits} (${totalHits ? ((100 * hits) / totalHits).toFixed(1) : "0.0"}%)`;
    }),
    String(sum((w) => w.scintillatorOrbits)),
    Object.entries(headTotals).map(([k, n]) => `${k}:${n}`).join(" ") || "-",
    String(sum((w) => w.dropped.unmappedChannel)),
    String(sum((w) => w.dropped.malformed)),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const table = [head, ...rows].map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd());
  return [...table, `unreadable lines (no orbit, in no window): ${unreadable}`].join("\n");
}
