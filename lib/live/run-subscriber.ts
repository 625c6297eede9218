import { windowsAfter, windowsChangedSince } from "@/lib/live/resume-windows";
import { sseComment, sseEvent, sseRetry } from "@/lib/live/sse-frame";
import { toWindowFrame, windowEvent, type WindowFrame } from "@/lib/live/window-frame";

export interface SubscriberLimits {
  /** Bytes queued for a viewer that reads slower than windows come; past it the backlog is dropped. */
  maxQueuedBytes: number;
  /** Windows read from the database per catch-up query. */
  pageSize: number;
}

export const DEFAULT_LIMITS: SubscriberLimits = { maxQueuedBytes: 512 * 1024, pageSize: 50 };

/** Bytes handed to the response at once. */
const CHUNK_BYTES = 64 * 1024;
const RETRY_MS = 2000;

interface Entry {
  frame: string;
  /** The window number when the frame carries it as its id. */
  id?: number;
}

/**
 * One viewer's event stream of a run. It starts by catching up from the
 * database (every window after Last-Event-ID), then goes live on what the run's
 * feed offers. Memory stays bounded whatever the viewer's speed: frames wait
 * in a queue of at most `maxQueuedBytes`; past that the queue is dropped, a
 * `dropped` event says so, and the viewer catches up from the database again
 * after the last window the response actually took, one page at a time and
 * only as fast as it reads: no gap and no duplicate id, and the server holds
 * one page at most for it.
 */
export class RunSubscriber {
  readonly readable: ReadableStream<Uint8Array>;
  /** Times this viewer's backlog was dropped. */
  dropped = 0;

  private queue: Entry[] = [];
  private queuedBytes = 0;
  /** Highest window number queued with an id. */
  private highWater: number;
  /** Highest window number the response has taken. */
  private deliveredId: number;
  /** Set while reading from the database; `changedSince` also asks for windows re-emitted up to that number. */
  private catchUp: { changedSince: number } | null;
  private firstCatchUp = true;
  /** Windows the catch-up sent, by version: a live offer of the same or an older version is not sent again. */
  private catchUpVersions = new Map<number, number>();
  /** Live windows offered during a catch-up, sent once it ends. */
  private pending: WindowFrame[] = [];
  private pendingBytes = 0;
  /** Pending overflowed: another catch-up pass follows this one. */
  private rescan = false;
  private wake: (() => void) | undefined;
  private closed = false;
  private readonly encoder = new TextEncoder();

  constructor(
    readonly runId: string,
    after: number,
    private readonly limits: SubscriberLimits,
    private readonly onClose: (s: RunSubscriber) => void,
  ) {
    this.highWater = after;
    this.deliveredId = after;
    this.catchUp = { changedSince: after };
    this.push({ frame: sseRetry(RETRY_MS) });
    this.readable = new ReadableStream<Uint8Array>(
      {
        pull: (controller) => this.pull(controller),
        cancel: () => this.close(),
      },
      { highWaterMark: 0 },
    );
  }

  /** Live windows from the run's feed. */
  offer(frames: WindowFrame[]): void {
    if (this.closed) return;
    if (this.catchUp) {
      for (const f of frames) {
        this.pending.push(f);
        this.pendingBytes += f.json.length;
      }
      if (this.pendingBytes > this.limits.maxQueuedBytes) {
        this.pending = [];
        this.pendingBytes = 0;
        this.rescan = true;
      }
      return;
    }
    for (const f of frames) this.queueWindow(f);
    if (this.queuedBytes > this.limits.maxQueuedBytes) this.dropBacklog();
    this.notify();
  }

  /** A frame that may be skipped by a viewer behind (pipeline status). */
  offerStatus(frame: string): void {
    if (this.closed || this.catchUp || this.queuedBytes + frame.length > this.limits.maxQueuedBytes) return;
    this.push({ frame });
    this.notify();
  }

  /** A comment, only on an idle connection: any event keeps it alive as well. */
  keepAlive(): void {
    if (this.closed || this.queue.length > 0) return;
    this.push({ frame: sseComment("keep-alive") });
    this.notify();
  }

  /** The feed may have missed notifications (its connection dropped): read again what changed. */
  resync(): void {
    if (this.closed) return;
    if (this.catchUp) this.rescan = true;
    else this.catchUp = { changedSince: this.highWater };
    this.notify();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.queuedBytes = 0;
    this.pending = [];
    this.notify();
    this.onClose(this);
  }

  private async pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    for (;;) {
      if (this.closed) {
        try {
          controller.close();
        } catch {
          // Already closed by a cancel.
        }
        return;
      }
      if (this.queue.length > 0) {
        controller.enqueue(this.encoder.encode(this.take()));
        return;
      }
      if (this.catchUp) {
        await this.catchUpPage();
        continue;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private take(): string {
    let out = "";
    while (this.queue.length > 0 && out.length < CHUNK_BYTES) {
      const entry = this.queue.shift()!;
      this.queuedBytes -= entry.frame.length;
      out += entry.frame;
      if (entry.id !== undefined) this.deliveredId = entry.id;
    }
    return out;
  }

  private async catchUpPage(): Promise<void> {
    const c = this.catchUp!;
    if (c.changedSince >= 0) {
      const changed = await windowsChangedSince(this.runId, c.changedSince);
      c.changedSince = -1;
      for (const w of changed) this.queueCaughtUp(toWindowFrame(w));
    }
    const page = await windowsAfter(this.runId, this.highWater, this.limits.pageSize);
    for (const w of page) this.queueCaughtUp(toWindowFrame(w));
    if (page.length === this.limits.pageSize || this.closed) return;
    this.catchUp = null;
    const pending = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    for (const f of pending) {
      if ((this.catchUpVersions.get(f.window) ?? -1) >= f.version) continue;
      this.queueWindow(f);
    }
    this.catchUpVersions.clear();
    if (this.firstCatchUp) {
      this.firstCatchUp = false;
      this.push({ frame: sseEvent("caught-up", { lastWindow: this.highWater < 0 ? null : this.highWater }) });
    }
    if (this.rescan) {
      this.rescan = false;
      this.catchUp = { changedSince: this.highWater };
    }
  }

  private queueCaughtUp(f: WindowFrame): void {
    this.catchUpVersions.set(f.window, f.version);
    this.queueWindow(f);
  }

  private queueWindow(f: WindowFrame): void {
    const id = f.window > this.highWater ? f.window : undefined;
    if (id !== undefined) this.highWater = id;
    this.push({ frame: windowEvent(f, id), id });
  }

  private dropBacklog(): void {
    this.dropped++;
    this.queue = [];
    this.queuedBytes = 0;
    this.highWater = this.deliveredId;
    this.catchUp = { changedSince: this.deliveredId };
    this.catchUpVersions.clear();
    this.push({ frame: sseEvent("dropped", { resumeAfter: this.deliveredId < 0 ? null : this.deliveredId }) });
  }

  private push(entry: Entry): void {
    this.queue.push(entry);
    this.queuedBytes += entry.frame.length;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
