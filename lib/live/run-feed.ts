import { CatchUpReader, readTicket } from "@/lib/live/catch-up-reader";
import { getPipelineStatus } from "@/lib/live/pipeline-status";
import { windowsByNumber } from "@/lib/live/resume-windows";
import type { RunSubscriber } from "@/lib/live/run-subscriber";
import { sseEvent } from "@/lib/live/sse-frame";
import { toWindowFrame, type WindowFrame } from "@/lib/live/window-frame";

// Once a second: the strip's rates and counts then move as often as windows
// come at the detector's rate, so the view changes at least once a second.
const STATUS_MS = 1000;

/**
 * The live side of one run, shared by all its viewers in this process: a
 * stored window is read from the database once and serialised once, then
 * offered to every viewer; the pipeline status is polled once per interval;
 * catch-up reads are coalesced by its CatchUpReader.
 */
export class RunFeed {
  readonly subscribers = new Set<RunSubscriber>();
  private dirty = new Set<number>();
  private flushing: Promise<void> | undefined;
  /** The version last offered per window: two notifications read as the same row are offered once. */
  private offered = new Map<number, number>();
  private statusTimer: NodeJS.Timeout | undefined;
  readonly reader: CatchUpReader;

  constructor(readonly runId: string) {
    this.reader = new CatchUpReader(runId);
  }

  add(s: RunSubscriber): void {
    this.subscribers.add(s);
    this.statusTimer ??= setInterval(() => void this.broadcastStatus(), STATUS_MS);
  }

  /** Returns true when the feed has no viewer left. */
  remove(s: RunSubscriber): boolean {
    this.subscribers.delete(s);
    if (this.subscribers.size > 0) return false;
    clearInterval(this.statusTimer);
    this.statusTimer = undefined;
    return true;
  }

  /** A notification of the results consumer; `null` is a run-level change (the status shows it). */
  notify(window: number | null): void {
    if (window === null) {
      void this.broadcastStatus();
      return;
    }
    this.dirty.add(window);
    this.flushing ??= this.flush().finally(() => (this.flushing = undefined));
  }

  resync(): void {
    for (const s of this.subscribers) s.resync();
  }

  /** Reads the changed windows in order, one query per burst of notifications. */
  private async flush(): Promise<void> {
    // Notifications of one consumer transaction arrive together: let them all in.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.dirty.size > 0 && this.subscribers.size > 0) {
      const numbers = [...this.dirty];
      this.dirty.clear();
      let frames: WindowFrame[];
      const ticket = readTicket();
      try {
        frames = (await windowsByNumber(this.runId, numbers)).map(toWindowFrame);
      } catch (error) {
        console.error(`reading windows of run ${this.runId} failed; its viewers catch up from the database`, error);
        this.resync();
        continue;
      }
      const fresh = frames.filter((f) => (this.offered.get(f.window) ?? -1) < f.version);
      for (const f of fresh) this.offered.set(f.window, f.version);
      if (fresh.length === 0) continue;
      for (const s of this.subscribers) s.offer(fresh, ticket);
    }
    this.dirty.clear();
  }

  private async broadcastStatus(): Promise<void> {
    if (this.subscribers.size === 0) return;
    try {
      const frame = Buffer.from(sseEvent("pipeline", await getPipelineStatus(this.runId)));
      for (const s of this.subscribers) s.offerStatus(frame);
    } catch (error) {
      console.error(`pipeline status of run ${this.runId} failed`, error);
    }
  }
}
