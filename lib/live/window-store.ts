import { addWindow, aggregateWindows, emptyAggregate, type RunAggregate } from "@/lib/live/run-aggregate";
import type { StoredWindow } from "@/lib/runs/stored-window";

export type UpsertOutcome = "added" | "replaced" | "unchanged";

/**
 * The windows a viewer holds, keyed by number, with the run's sums kept up to
 * date. An event for a number already held is the same window re-emitted
 * (Spark replaying, a restarted job): it replaces the old copy, and the sums
 * move by the difference; an older or equal copy is ignored.
 */
export class WindowStore {
  private readonly byNumber = new Map<number, StoredWindow>();
  private readonly sums = emptyAggregate();
  private sortedCache: StoredWindow[] | undefined;
  /** Bumped on every change: cheap to compare for redraws. */
  version = 0;

  upsert(w: StoredWindow): UpsertOutcome {
    const old = this.byNumber.get(w.window);
    if (old && Date.parse(old.updatedAt) >= Date.parse(w.updatedAt)) return "unchanged";
    if (old) addWindow(this.sums, old.result, -1);
    addWindow(this.sums, w.result, 1);
    this.byNumber.set(w.window, w);
    this.sortedCache = undefined;
    this.version++;
    return old ? "replaced" : "added";
  }

  get size(): number {
    return this.byNumber.size;
  }

  /** The sums over every window held. Live: copy it (structuredClone) to keep a moment. */
  get total(): RunAggregate {
    return this.sums;
  }

  /** Windows in window order. */
  sorted(): StoredWindow[] {
    return (this.sortedCache ??= [...this.byNumber.values()].sort((a, b) => a.window - b.window));
  }

  /** The highest-numbered window: the "per window" view. */
  latest(): StoredWindow | undefined {
    return this.sorted().at(-1);
  }

  /** When the last change was stored (max updatedAt), or null. */
  lastStoredAt(): string | null {
    let best: string | null = null;
    for (const w of this.byNumber.values()) if (!best || w.updatedAt > best) best = w.updatedAt;
    return best;
  }

  /** Sums of the first `count` windows in order: a replay stopped at that point. */
  prefix(count: number): RunAggregate {
    return aggregateWindows(this.sorted().slice(0, count).map((w) => w.result));
  }
}
