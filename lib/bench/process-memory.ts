import fs from "node:fs";
import { type ProcessRow, processTable } from "@/lib/bench/proc-table";
import { homeDir } from "@/lib/runtime/paths";
import { readPid } from "@/lib/runtime/process";

export interface ProcessMemory {
  /** The daemon's name (its pid file), or spark-executor for the executors the Spark worker launched. */
  name: string;
  processes: number;
  /** Resident memory of all its processes together (VmRSS). */
  rssMB: number;
}

/**
 * Each process of a daemon's group belongs to it; any other process belongs
 * to the daemon of its nearest ancestor that does (PostgreSQL's backends
 * start sessions of their own). A daemon started by another (the Spark
 * driver by the routine worker) is its own group, so nothing counts twice.
 */
function ownerOf(p: ProcessRow, leaders: Map<number, string>, byPid: Map<number, ProcessRow>): string | undefined {
  for (let q: ProcessRow | undefined = p, hops = 0; q && hops < 64; q = byPid.get(q.ppid), hops++) {
    const owner = leaders.get(q.pgrp);
    if (owner) return owner;
  }
  return undefined;
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
  const byPid = new Map(table.map((p) => [p.pid, p]));
  const leaders = new Map<number, string>();
  for (const name of names) {
    const record = readPid(name);
    if (record && byPid.has(record.pid)) leaders.set(record.pid, name);
  }
  const rows = new Map<string, ProcessRow[]>();
  const executors: ProcessRow[] = [];
  for (const p of table) {
    const owner = ownerOf(p, leaders, byPid);
    if (!owner) continue;
    if (p.command.includes(EXECUTOR)) executors.push(p);
    else rows.set(owner, [...(rows.get(owner) ?? []), p]);
  }
  const result: ProcessMemory[] = [...rows].sort(([a], [b]) => a.localeCompare(b)).map(([name, own]) => ({ name, processes: own.length, rssMB: total(own) }));
  if (executors.length) result.push({ name: "spark-executor", processes: executors.length, rssMB: total(executors) });
  return result;
}
