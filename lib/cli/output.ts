import type { ServiceStatus } from "@/lib/runtime/service";

const t0 = Date.now();

/** Progress goes to stderr with the time since start, so stdout stays parseable. */
export function progress(message: string): void {
  process.stderr.write(`${((Date.now() - t0) / 1000).toFixed(1).padStart(6)}s  ${message}\n`);
}

/** Columns padded to their widest cell, for people; --json is for scripts. */
export function table(head: string[], cells: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  return [head, ...cells].map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}

export function statusTable(rows: ServiceStatus[]): string {
  const cells = rows.map((s) => [s.name, s.state, s.version, s.pid ? String(s.pid) : "-", s.port ? String(s.port) : "-", s.logFile ?? s.url ?? ""]);
  return table(["SERVICE", "STATE", "VERSION", "PID", "PORT", "LOG"], cells);
}
