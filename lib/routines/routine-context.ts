import type { ClusterSpec, HostSpec } from "@/lib/clusters/cluster-spec";
import type { Cluster } from "@/lib/clusters/get-cluster-or-throw";
import { CosmoError } from "@/lib/errors";
import { cosmoScript } from "@/lib/hosts/cosmo-on-host";
import type { HostExecutor } from "@/lib/hosts/host-executor";
import { executorForHost } from "@/lib/hosts/executor-for-host";
import { StepLog } from "@/lib/routines/step-log";

export type StepOutput = Pick<StepLog, "line" | "write">;

/** Raised inside a step to end it as `skipped` with a reason (nothing to do), not as a failure. */
export class StepSkipped extends Error {}

/**
 * What a routine works with: its cluster, steps recorded as they run, and one
 * executor per host (one SSH connection per remote host for the whole routine).
 */
export class RoutineContext {
  private readonly executors = new Map<string, Promise<HostExecutor>>();

  constructor(
    readonly executionId: string,
    readonly cluster: Cluster,
    readonly requestedBy: string,
    /** Where step numbering starts: after the steps already recorded, when closing an interrupted execution. */
    private index = 0,
  ) {}

  get spec(): ClusterSpec {
    return this.cluster.spec;
  }

  /**
   * Runs one step: its row says running, then succeeded, skipped or failed
   * with the error's message as the output's last line. A failure is rethrown
   * so the routine stops there.
   */
  async step<T>(name: string, host: HostSpec | null, fn: (out: StepOutput) => Promise<T>): Promise<T | undefined> {
    const log = await StepLog.open(this.executionId, this.index++, name, host?.name ?? "");
    try {
      const value = await fn(log);
      await log.finish("succeeded");
      return value;
    } catch (error) {
      if (error instanceof StepSkipped) {
        log.line(error.message);
        await log.finish("skipped");
        return undefined;
      }
      log.line(error instanceof CosmoError ? error.message : "internal error (see the routine worker's log)");
      await log.finish("failed");
      throw error;
    }
  }

  executor(host: HostSpec): Promise<HostExecutor> {
    let executor = this.executors.get(host.name);
    if (!executor) {
      executor = executorForHost(this.spec, host);
      this.executors.set(host.name, executor);
    }
    return executor;
  }

  /**
   * Runs `cosmo ARGS` on a host inside the current step, its output streamed
   * into the step. A non-zero exit fails the step with the output's tail.
   */
  async cosmo(host: HostSpec, out: StepOutput, args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
    out.line(`$ cosmo ${args.join(" ")}   (on ${host.name}, ${host.local ? "local" : `ssh ${host.ssh?.user}@${host.address}:${host.ssh?.port}`})`);
    const executor = await this.executor(host);
    const { code, output } = await executor.exec(cosmoScript(this.spec, host, args, extraEnv), { onOutput: (chunk) => out.write(chunk) });
    if (code !== 0) {
      const tail = output.trim().split("\n").slice(-3).join(" | ");
      throw new CosmoError("SERVICE_FAILED", `cosmo ${args[0]} ${args[1] ?? ""} on ${host.name} exited with ${code}: ${tail}`);
    }
    return output;
  }

  close(): void {
    for (const executor of this.executors.values()) void executor.then((e) => e.close(), () => {});
  }
}
