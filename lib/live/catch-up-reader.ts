import { windowsAfter, windowsChangedSince } from "@/lib/live/resume-windows";
import { toWindowFrame, type WindowFrame } from "@/lib/live/window-frame";

/** Windows read per query: one read serves every viewer whose position it covers. */
const READ_WINDOWS = 500;

export interface CatchUpPage {
  frames: WindowFrame[];
  /** Every window stored after the position, as of the read, is in `frames`. */
  done: boolean;
}

interface Request {
  after: number;
  limit: number;
  resolve: (page: CatchUpPage) => void;
  reject: (error: unknown) => void;
}

/**
 * The database reads of one run's viewers catching up (a new viewer, a
 * resume, a viewer that fell behind). Requests made while a read is under way
 * wait for the next one, and that one read, serialised once, serves them all:
 * two hundred viewers opening a run at once cost one query, not two hundred.
 * A read starts after every request it serves was made, so it holds every
 * window stored before the viewer asked (what the live feed offered before
 * then, it may have dropped).
 */
export class CatchUpReader {
  private waiting: Request[] = [];
  private reading = false;

  /**
   * `learn` sees every read's windows before a viewer does (RunFeed.learn): a
   * catch-up read can see a window before the feed's notification of it does.
   */
  constructor(
    readonly runId: string,
    private readonly learn: (frames: WindowFrame[]) => void,
  ) {}

  /** Up to `limit` windows numbered above `after`, in order. */
  page(after: number, limit: number): Promise<CatchUpPage> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ after, limit, resolve, reject });
      if (!this.reading) void this.drain();
    });
  }

  /** Windows up to `after` changed since it was stored (resume-windows.ts); per viewer, as only a resume needs it. */
  async changedSince(after: number): Promise<WindowFrame[]> {
    const frames = (await windowsChangedSince(this.runId, after)).map(toWindowFrame);
    this.learn(frames);
    return frames;
  }

  private async drain(): Promise<void> {
    this.reading = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting;
        this.waiting = [];
        await this.serve(batch);
      }
    } finally {
      this.reading = false;
    }
  }

  private async serve(batch: Request[]): Promise<void> {
    const from = Math.min(...batch.map((r) => r.after));
    const limit = Math.max(READ_WINDOWS, ...batch.map((r) => r.limit));
    let frames: WindowFrame[];
    try {
      frames = (await windowsAfter(this.runId, from, limit)).map(toWindowFrame);
    } catch (error) {
      for (const r of batch) r.reject(error);
      return;
    }
    this.learn(frames);
    // A full read covers (from, its last window] only; a short one covers everything stored.
    const complete = frames.length < limit;
    const last = frames.at(-1)?.window ?? from;
    for (const r of batch) {
      if (!complete && r.after >= last) {
        this.waiting.push(r);
        continue;
      }
      const start = firstAbove(frames, r.after);
      const end = Math.min(frames.length, start + r.limit);
      r.resolve({ frames: frames.slice(start, end), done: complete && end === frames.length });
    }
  }
}

/** Index of the first frame numbered above `after` (frames are in window order). */
function firstAbove(frames: WindowFrame[], after: number): number {
  let lo = 0;
  let hi = frames.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (frames[mid]!.window <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
