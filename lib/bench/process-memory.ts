import fs from "node:fs";
import { homeDir } from "@/lib/runtime/paths";
import { readPid } from "@/lib/runtime/process";

export interface ProcessMemory {
  /** The daemon's name (its pid file), or spark-executor for the executors the Spark worker launched. */
  name: string;
  processes: number;
  /** Resident memory of all its processes together (VmRSS). */
  rssMB: number;
}

interface ProcessRow {
  pid: number;
  ppid: number;
  pgrp: number;
  command: string;
  rssKB: number;
}

/** Every process of the machine with its parent, group, command line and VmRSS. */
function processTable(): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (state === "Z" || state === "X") continue;
      const rss = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${entry}/status`, "utf8"));
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      rows.push({ pid: Number(entry), ppid: Number(ppid), pgrp: Number(pgrp), command, rssKB: rss ? Number(rss[1]) : 0 });
    } catch {
      /* exited while we looked */
    }
  }
  return rows;
}

/** The daemon's process group and every descendant (PostgreSQL's backends start sessions of their own). */
function daemonRows(leader: number, table: ProcessRow[]): ProcessRow[] {
  const members = new Set(table.filter((p) => p.pgrp === leader || p.pid === leader).map((p) => p.pid));
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of table) {
      if (!members.has(p.pid) && members.has(p.ppid)) {
        members.add(p.pid);
        grew = true;
      }
    }
  }
  return table.filter((p) => members.has(p.pid));
}

const EXECUTOR = "CoarseGrainedExecutorBackend";
const total = (rows: ProcessRow[]) => rows.reduce((sum, p) => sum + p.rssKB, 0) / 1024;

/**
 * Resident memory of every daemon of this COSMO home with all its processes
 * (PostgreSQL's backends, a kept-alive worker's child): the services, the
 * routine worker and a run's driver, buffer and consumer alike. The Spark
 * executors, children of the Spark worker, are counted apart.
 */
export function daemonMemory(): ProcessMemory[] {
  const dir = homeDir("run");
  const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".pid")).map((f) => f.slice(0, -".pid".length)) : [];
  const table = processTable();
  const result: ProcessMemory[] = [];
  const executors: ProcessRow[] = [];
  for (const name of names.sort()) {
    const record = readPid(name);
    const rows = record ? daemonRows(record.pid, table) : [];
    if (rows.length === 0) continue;
    const own = rows.filter((p) => !p.command.includes(EXECUTOR));
    executors.push(...rows.filter((p) => p.command.includes(EXECUTOR)));
    result.push({ name, processes: own.length, rssMB: total(own) });
  }
  if (executors.length) result.push({ name: "spark-executor", processes: executors.length, rssMB: total(executors) });
  return result;
}
