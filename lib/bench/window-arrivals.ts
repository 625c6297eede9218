import { listenWindows } from "@/lib/results/listen-windows";

/**
 * When each window of a run first appeared in PostgreSQL: the consumer's
 * NOTIFY is delivered at its commit. Later notifications of the same window
 * (late data, the idle flush's re-emission) do not move the first arrival.
 */
export class WindowArrivals {
  private constructor(
    /** Window -> ms since the epoch. */
    readonly firstArrival: Map<number, number>,
    private readonly unlisten: () => Promise<void>,
  ) {}

  static async start(runId: string): Promise<WindowArrivals> {
    const firstArrival = new Map<number, number>();
    const unlisten = await listenWindows((n) => {
      if (n.runId === runId && n.window !== null && !firstArrival.has(n.window)) firstArrival.set(n.window, Date.now());
    });
    return new WindowArrivals(firstArrival, unlisten);
  }

  stop(): Promise<void> {
    return this.unlisten();
  }
}
