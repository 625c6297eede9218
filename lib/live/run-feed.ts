import { CatchUpReader } from "@/lib/live/catch-up-reader";
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
  /**
   * The newest version of each window any read of this feed has seen (its
   * own and the catch-ups'): a copy is offered to the viewers once, by the
   * first read that sees it.
   */
  private known = new Map<number, number>();
  private statusTimer: NodeJS.Timeout | undefined;
  readonly reader: CatchUpReader;

  constructor(readonly runId: string) {
    this.reader = new CatchUpReader(runId, (frames) => this.learn(frames));
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
      try {
        frames = (await windowsByNumber(this.runId, numbers)).map(toWindowFrame);
      } catch (error) {
        console.error(`reading windows of run ${this.runId} failed; its viewers catch up from the database`, error);
        this.resync();
        continue;
      }
      this.learn(frames);
    }
    this.dirty.clear();
  }

  /**
   * Offers the copies no earlier read has seen to every viewer. A catch-up
   * read often sees a window before its notification reaches the feed (the
   * row is visible at commit; the notification comes later, on another
   * connection): the viewers get it from that read, and the feed's own read
   * of it afterwards is not offered again. So every copy of a window is
   * offered once, whichever read saw it first, and a viewer that has
   * finished its catch-up is never offered what that catch-up sent it.
   */
  private learn(frames: WindowFrame[]): void {
    const fresh = frames.filter((f) => (this.known.get(f.window) ?? -1) < f.version);
    if (fresh.length === 0) return;
    for (const f of fresh) this.known.set(f.window, f.version);
    for (const s of this.subscribers) s.offer(fresh);
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
