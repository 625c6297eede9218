import type { HostSpec } from "@/lib/clusters/cluster-spec";

export interface ExecResult {
  code: number;
  /** stdout and stderr as they came, interleaved. */
  output: string;
}

export interface ExecOptions {
  onOutput?: (chunk: string) => void;
  timeoutMs?: number;
}

/**
 * Runs shell scripts on one host of a cluster. The script goes to `sh -s` on
 * stdin, never on a command line, so the values it exports (database URL,
 * credentials) do not appear in any process list on either side.
 */
export interface HostExecutor {
  readonly host: HostSpec;
  exec(script: string, options?: ExecOptions): Promise<ExecResult>;
  close(): void;
}

export const DEFAULT_EXEC_TIMEOUT_MS = 5 * 60_000;
