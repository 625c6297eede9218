import { spawn, type SpawnOptions } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { childEnv } from "@/lib/env";
import { CosmoError } from "@/lib/errors";
import { homeDir, logFile, pidFile, privateDir } from "@/lib/runtime/paths";

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; a non-zero exit throws with the output's tail. */
export function run(command: string, args: string[], options: SpawnOptions & { input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (err) =>
      reject(new CosmoError("PREREQUISITE_MISSING", `cannot run ${command}: ${err.message}`, { cause: err })),
    );
    child.on("close", (code, signal) => {
      if (code === 0) return resolve({ stdout, stderr });
      const tail = (stderr || stdout).trim().split("\n").slice(-15).join("\n");
      reject(new CosmoError("SERVICE_FAILED", `${command} ${args.join(" ")} exited with ${code ?? signal}\n${tail}`));
    });
    if (options.input !== undefined) child.stdin?.end(options.input);
    else child.stdin?.end();
  });
}

interface PidRecord {
  pid: number;
  command: string;
  startedAt: string;
  /** The kernel's start time of the process (clock ticks since boot): tells a reused pid apart. */
  startTicks?: number;
}

export function readPid(name: string): PidRecord | undefined {
  try {
    return JSON.parse(fs.readFileSync(pidFile(name), "utf8")) as PidRecord;
  } catch {
    return undefined;
  }
}

/** State and start time from /proc/<pid>/stat (fields 3 and 22). */
function procStat(pid: number): { state: string; startTicks: number } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { state: fields[0] ?? "", startTicks: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

/**
 * True when the pid runs and is still the process we started: pids get
 * reused, and programs rename themselves (Next's server does), so the start
 * time is compared rather than the command line.
 */
export function isAlive(record: PidRecord | undefined): record is PidRecord {
  if (!record) return false;
  const stat = procStat(record.pid);
  if (!stat || stat.state === "Z" || stat.state === "X") return false;
  return record.startTicks === undefined || record.startTicks === stat.startTicks;
}

export interface DaemonSpec {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run as another user: PostgreSQL refuses to run as root. */
  uid?: number;
  gid?: number;
}

/**
 * Starts a long-running process in its own process group, detached from the
 * caller, output appended to the service's log file, pid recorded.
 */
export function spawnDaemon(spec: DaemonSpec): PidRecord {
  const log = logFile(spec.name);
  privateDir(homeDir());
  privateDir(path.dirname(log));
  privateDir(path.dirname(pidFile(spec.name)));
  // Logs may carry what a service printed about its credentials: the owner's only, older files included.
  const fd = fs.openSync(log, "a", 0o600);
  fs.fchmodSync(fd, 0o600);
  fs.writeSync(fd, `\n--- ${new Date().toISOString()} starting ${spec.command} ${spec.args.join(" ")}\n`);
  const child = spawn(spec.command, spec.args, {
    cwd: spec.cwd,
    env: spec.env ?? childEnv(),
    detached: true,
    stdio: ["ignore", fd, fd],
    uid: spec.uid,
    gid: spec.gid,
  });
  fs.closeSync(fd);
  if (child.pid === undefined) {
    throw new CosmoError("SERVICE_FAILED", `${spec.name}: could not start ${spec.command}`);
  }
  child.unref();
  const record: PidRecord = {
    pid: child.pid,
    command: spec.command,
    startedAt: new Date().toISOString(),
    startTicks: procStat(child.pid)?.startTicks,
  };
  fs.writeFileSync(pidFile(spec.name), JSON.stringify(record), { mode: 0o600 });
  fs.chmodSync(pidFile(spec.name), 0o600);
  return record;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

/**
 * Live (non-zombie) members of a process group. Zombies are skipped: once a
 * daemon's launcher has exited, init may take its time reaping them.
 */
function groupMembers(pgid: number): number[] {
  const members: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the parenthesised command: state, ppid, pgrp, ...
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z" && state !== "X") members.push(Number(entry));
    } catch {
      /* exited while we looked */
    }
  }
  return members;
}

const groupAlive = (pgid: number) => groupMembers(pgid).length > 0;

const commandLine = (pid: number) => {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ").trim();
  } catch {
    return "";
  }
};

/** The live processes of a daemon we started (its process group): a kept-alive daemon's current child among them. */
export function daemonProcesses(name: string): { pid: number; command: string }[] {
  const record = readPid(name);
  if (!record) return [];
  return groupMembers(record.pid).map((pid) => ({ pid, command: commandLine(pid) }));
}

export interface StopOptions {
  graceMs?: number;
  /** The signal that asks this program for a clean, quick shutdown. */
  signal?: NodeJS.Signals;
}

/**
 * Stops a daemon and every process of its group: the leader gets the polite
 * signal, and whatever of the group is left after the grace period gets
 * SIGKILL, so nothing is left behind.
 */
export async function stopDaemon(name: string, options: StopOptions = {}): Promise<boolean> {
  const record = readPid(name);
  if (!record) return false;
  const wasAlive = groupAlive(record.pid) || isAlive(record);
  if (wasAlive) {
    try {
      process.kill(record.pid, options.signal ?? "SIGTERM");
    } catch {
      signalGroup(record.pid, options.signal ?? "SIGTERM");
    }
    const deadline = Date.now() + (options.graceMs ?? 20_000);
    while (groupAlive(record.pid) && Date.now() < deadline) await sleep(100);
    if (groupAlive(record.pid)) {
      signalGroup(record.pid, "SIGKILL");
      while (groupAlive(record.pid)) await sleep(50);
    }
  }
  fs.rmSync(pidFile(name), { force: true });
  return wasAlive;
}

export function tailLog(name: string, lines = 20): string {
  try {
    return fs.readFileSync(logFile(name), "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

export interface WaitOptions {
  /** Service name: its log tail is attached to a timeout error. */
  service: string;
  what: string;
  timeoutMs?: number;
  /** When given, waiting stops at once if this process dies. */
  pid?: PidRecord;
}

/** Polls a readiness check with backoff until it holds; no fixed sleeps. */
export async function waitUntil(check: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let delay = 50;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (options.pid && !isAlive(options.pid)) {
      throw new CosmoError(
        "SERVICE_FAILED",
        `${options.service} exited while waiting for ${options.what}; log ${logFile(options.service)}:\n${tailLog(options.service)}`,
      );
    }
    if (Date.now() > deadline) {
      throw new CosmoError(
        "SERVICE_FAILED",
        `${options.service}: timed out waiting for ${options.what}; log ${logFile(options.service)}:\n${tailLog(options.service)}`,
      );
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 500);
  }
}

export function tcpReachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

export function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Fails with a clear message when another process holds a port we need. */
export async function assertPortFree(host: string, port: number, service: string): Promise<void> {
  if (!(await portIsFree(host, port))) {
    throw new CosmoError(
      "PORT_TAKEN",
      `${service} needs ${host}:${port}, which another process is using. Stop that process or choose another port (COSMO_*_PORT variables, see README "Configuration").`,
    );
  }
}

export async function httpJson<T>(url: string, timeoutMs = 2000): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Processes whose command line contains `text`: used to prove nothing is left behind. */
export function processesMentioning(text: string): { pid: number; command: string }[] {
  const found: { pid: number; command: string }[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const command = commandLine(Number(entry));
    if (command.includes(text)) found.push({ pid: Number(entry), command });
  }
  return found;
}
