import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;
/** A child that ran this long was healthy: the next restart waits the first delay again. */
const HEALTHY_MS = 60_000;

const say = (m: string) => console.log(`keep-alive: ${new Date().toISOString()} ${m}`);

/**
 * Runs a command and starts it again whenever it exits without being asked
 * to (a crash, the OOM killer, a SIGKILL), after 1 s doubling to 30 s. There
 * is no service manager on the machines COSMO runs on (no systemd in a
 * container), and a routine worker that stays dead leaves every cluster's
 * routines queued for ever. SIGTERM/SIGINT are passed on and end the loop
 * once the child has exited: stopping the daemon stops the child cleanly.
 */
export async function keepAlive(command: string, args: string[]): Promise<number> {
  const stop = new AbortController();
  let child: ReturnType<typeof spawn> | undefined;
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      stop.abort();
      child?.kill(signal);
    });
  }
  let delay = FIRST_DELAY_MS;
  for (;;) {
    const startedAt = Date.now();
    child = spawn(command, args, { stdio: "inherit" });
    const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child!.once("error", (error) => {
        say(`cannot start ${command}: ${error.message}`);
        resolve({ code: 1, signal: null });
      });
      child!.once("exit", (c, s) => resolve({ code: c, signal: s }));
    });
    if (stop.signal.aborted) return code ?? 0;
    if (Date.now() - startedAt >= HEALTHY_MS) delay = FIRST_DELAY_MS;
    say(`the process ${child.pid} exited with ${signal ?? code}; starting it again in ${delay / 1000} s`);
    await sleep(delay, undefined, { signal: stop.signal }).catch(() => {});
    if (stop.signal.aborted) return 0;
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}
