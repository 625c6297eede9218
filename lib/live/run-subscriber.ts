import type { CatchUpReader } from "@/lib/live/catch-up-reader";
import { sseComment, sseEvent, sseRetry } from "@/lib/live/sse-frame";
import type { WindowFrame } from "@/lib/live/window-frame";

export interface SubscriberLimits {
  /**
   * Bytes of events queued for a viewer that reads slower than windows come;
   * past it the backlog is dropped. The window events are the feed's shared
   * bytes, so what viewers of a run queue together is at most this much
   * (their queues are suffixes of the same live stream), not this per viewer.
   */
  maxQueuedBytes: number;
  /** Windows taken per catch-up page. */
  pageSize: number;
}

// 4 MB: about 16 s of windows at 100 windows/s, so a viewer slowed by a loaded machine keeps up rather than re-reading.
export const DEFAULT_LIMITS: SubscriberLimits = { maxQueuedBytes: 4 * 1024 * 1024, pageSize: 200 };

/** Bytes handed to the response at once. */
const CHUNK_BYTES = 64 * 1024;
const RETRY_MS = 2000;

interface Entry {
  chunk: Uint8Array;
  /** The window number when the frame carries it as its id. */
  id?: number;
}

/**
 * One viewer's event stream of a run. It starts by catching up from the
 * database (every window after Last-Event-ID), then goes live on what the run's
 * feed offers. Memory stays bounded whatever the viewer's speed: frames wait
 * in a queue of at most `maxQueuedBytes` (references to the feed's shared
 * bytes); past that the queue is dropped, a `dropped` event says so, and the
 * viewer catches up from the database again after the last window the
 * response actually took, one page at a time and only as fast as it reads
 * (reads coalesced with the run's other viewers by the CatchUpReader): no gap
 * and no duplicate id, and the server holds one page at most for it.
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
  /**
   * Live windows offered during a catch-up, by number, sent once it ends. A
   * catch-up page supersedes an offered copy no newer than its own; a copy
   * offered after a page was read is newer than any that page holds (the
   * feed offers each copy once, by the first read that sees it), so it stays.
   */
  private pending = new Map<number, WindowFrame>();
  private pendingBytes = 0;
  /** Pending overflowed: another catch-up pass follows this one. */
  private rescan = false;
  private wake: (() => void) | undefined;
  private closed = false;

  constructor(
    readonly runId: string,
    after: number,
    private readonly limits: SubscriberLimits,
    private readonly reader: CatchUpReader,
    private readonly onClose: (s: RunSubscriber) => void,
  ) {
    this.highWater = after;
    this.deliveredId = after;
    this.catchUp = { changedSince: after };
    this.pushText(sseRetry(RETRY_MS));
    this.readable = new ReadableStream<Uint8Array>(
      {
        pull: (controller) => this.pull(controller),
        cancel: () => this.close(),
      },
      { highWaterMark: 0 },
    );
  }

  /** Copies of windows the run's feed offers: each one no read offered before. */
  offer(frames: WindowFrame[]): void {
    if (this.closed) return;
    if (this.catchUp) {
      for (const f of frames) {
        this.unpend(f.window);
        this.pending.set(f.window, f);
        this.pendingBytes += f.bytes;
      }
      if (this.pendingBytes > this.limits.maxQueuedBytes) {
        this.pending.clear();
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
  offerStatus(frame: Uint8Array): void {
    if (this.closed || this.catchUp || this.queuedBytes + frame.length > this.limits.maxQueuedBytes) return;
    this.push({ chunk: frame });
    this.notify();
  }

  /** A comment, only on an idle connection: any event keeps it alive as well. */
  keepAlive(): void {
    if (this.closed || this.queue.length > 0) return;
    this.pushText(sseComment("keep-alive"));
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
    this.pending.clear();
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
        controller.enqueue(this.take());
        return;
      }
      if (this.catchUp) {
        await this.catchUpPage();
        continue;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Up to CHUNK_BYTES of queued events, copied into one buffer: the shared bytes are never handed out themselves. */
  private take(): Uint8Array {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let n = 0;
    while (n < this.queue.length && size < CHUNK_BYTES) {
      const entry = this.queue[n++]!;
      chunks.push(entry.chunk);
      size += entry.chunk.length;
      if (entry.id !== undefined) this.deliveredId = entry.id;
    }
    this.queue.splice(0, n);
    this.queuedBytes -= size;
    return Buffer.concat(chunks, size);
  }

  private async catchUpPage(): Promise<void> {
    const c = this.catchUp!;
    if (c.changedSince >= 0) {
      const changed = await this.reader.changedSince(c.changedSince);
      c.changedSince = -1;
      for (const f of changed) this.queueCaughtUp(f);
    }
    const page = await this.reader.page(this.highWater, this.limits.pageSize);
    for (const f of page.frames) this.queueCaughtUp(f);
    if (!page.done || this.closed) return;
    this.catchUp = null;
    const pending = [...this.pending.values()];
    this.pending.clear();
    this.pendingBytes = 0;
    for (const f of pending) this.queueWindow(f);
    if (this.firstCatchUp) {
      this.firstCatchUp = false;
      this.pushText(sseEvent("caught-up", { lastWindow: this.highWater < 0 ? null : this.highWater }));
    }
    if (this.rescan) {
      this.rescan = false;
      this.catchUp = { changedSince: this.highWater };
    }
  }

  private queueCaughtUp(f: WindowFrame): void {
    if ((this.pending.get(f.window)?.version ?? Infinity) <= f.version) this.unpend(f.window);
    this.queueWindow(f);
  }

  private unpend(window: number): void {
    const f = this.pending.get(window);
    if (!f) return;
    this.pending.delete(window);
    this.pendingBytes -= f.bytes;
  }

  private queueWindow(f: WindowFrame): void {
    const id = f.window > this.highWater ? f.window : undefined;
    if (id !== undefined) this.highWater = id;
    this.push({ chunk: f.event(id !== undefined), id });
  }

  private dropBacklog(): void {
    this.dropped++;
    this.queue = [];
    this.queuedBytes = 0;
    this.highWater = this.deliveredId;
    this.catchUp = { changedSince: this.deliveredId };
    this.pushText(sseEvent("dropped", { resumeAfter: this.deliveredId < 0 ? null : this.deliveredId }));
  }

  private pushText(text: string): void {
    this.push({ chunk: Buffer.from(text) });
  }

  private push(entry: Entry): void {
    this.queue.push(entry);
    this.queuedBytes += entry.chunk.length;
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
