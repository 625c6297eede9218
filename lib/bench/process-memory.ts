import fs from "node:fs";
import { homeDir } from "@/lib/runtime/paths";
import { daemonProcesses } from "@/lib/runtime/process";

export interface ProcessMemory {
  /** The daemon's name (its pid file), or spark-executor for the executors the Spark worker launched. */
  name: string;
  processes: number;
  /** Resident memory of all its processes together (VmRSS). */
  rssMB: number;
}

function rssKB(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

const EXECUTOR = "CoarseGrainedExecutorBackend";

/**
 * Resident memory of every daemon of this COSMO home, each with all the
 * processes of its group (PostgreSQL's backends, the web server's workers, a
 * kept-alive worker's child): the services, the routine worker and a run's
 * driver, buffer and consumer alike. The Spark executors, children of the
 * Spark worker, are counted apart.
 */
export function daemonMemory(): ProcessMemory[] {
  const dir = homeDir("run");
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".pid")).map((f) => f.slice(0, -".pid".length)) : [];
  const rows: ProcessMemory[] = [];
  const executors: number[] = [];
  for (const name of names.sort()) {
    const members = daemonProcesses(name);
    if (members.length === 0) continue;
    const own = members.filter((p) => !p.command.includes(EXECUTOR));
    executors.push(...members.filter((p) => p.command.includes(EXECUTOR)).map((p) => p.pid));
    rows.push({ name, processes: own.length, rssMB: own.reduce((sum, p) => sum + rssKB(p.pid), 0) / 1024 });
  }
  if (executors.length) rows.push({ name: "spark-executor", processes: executors.length, rssMB: executors.reduce((sum, pid) => sum + rssKB(pid), 0) / 1024 });
  return rows;
}
