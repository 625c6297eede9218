import fs from "node:fs";

/** Linux's USER_HZ: the unit of /proc/<pid>/stat's CPU times, 100 on every architecture Linux runs COSMO on. */
const TICKS_PER_SECOND = 100;

export interface ProcessRow {
  pid: number;
  ppid: number;
  pgrp: number;
  command: string;
  rssKB: number;
  /** utime + stime + cutime + cstime: its own CPU and its reaped children's (Python workers that ended). */
  cpuSeconds: number;
}

/** Every live process of the machine with its parent, group, command line, VmRSS and CPU time. */
export function processTable(): ProcessRow[] {
  const rows: ProcessRow[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // The command may hold spaces and parentheses: the fields start after the last ")".
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (f[0] === "Z" || f[0] === "X") continue;
      const rss = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${entry}/status`, "utf8"));
      const command = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").replace(/\0/g, " ");
      const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      rows.push({ pid: Number(entry), ppid: Number(f[1]), pgrp: Number(f[2]), command, rssKB: rss ? Number(rss[1]) : 0, cpuSeconds: ticks / TICKS_PER_SECOND });
    } catch {
      /* exited while we looked */
    }
  }
  return rows;
}
