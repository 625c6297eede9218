import os from "node:os";

export interface MachineLoad {
  cores: number;
  /** One-minute load averages sampled through the bench. */
  meanLoad: number;
  maxLoad: number;
}

/**
 * The bench shares the machine with whatever else runs on it (other stacks,
 * test suites): a load average well above the number of cores means that
 * other work took CPU from the bench, and the figures are lower for it.
 */
export class LoadWatch {
  private readonly loads: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 5000) {
    this.loads.push(os.loadavg()[0]!);
    this.timer = setInterval(() => this.loads.push(os.loadavg()[0]!), intervalMs);
    this.timer.unref();
  }

  stop(): MachineLoad {
    clearInterval(this.timer);
    return {
      cores: os.cpus().length,
      meanLoad: this.loads.reduce((a, b) => a + b, 0) / this.loads.length,
      maxLoad: Math.max(...this.loads),
    };
  }
}
