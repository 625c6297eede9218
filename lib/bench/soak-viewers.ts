import http from "node:http";
import { webUrl } from "@/lib/runtime/services/web";

/** The windows a run must store: window number -> records, from the data as it was generated. */
export interface ExpectedWindows {
  first: number;
  /** Records per window, indexed by window - first; 0 where the data has no record. */
  records: Uint32Array;
  windows: number;
}

/** Delivery latencies in 1 ms buckets (the last one holds everything above): constant memory for millions of deliveries. */
export class LatencyHistogram {
  private readonly buckets = new Uint32Array(600_001);
  count = 0;
  maxMs = 0;

  add(ms: number): void {
    const b = Math.min(this.buckets.length - 1, Math.max(0, Math.round(ms)));
    this.buckets[b]!++;
    this.count++;
    this.maxMs = Math.max(this.maxMs, ms);
  }

  percentile(p: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let ms = 0; ms < this.buckets.length; ms++) {
      seen += this.buckets[ms]!;
      if (seen >= rank) return ms;
    }
    return this.maxMs;
  }
}

const RECEIVED_AT = '"receivedAt":"';

/**
 * Reads of each event only what the soak counts: its name, its id and the
 * window's receivedAt, found by position in the server's framing (`event:`
 * line, then `id:`, then the data; lib/live/window-frame.ts), with no parse
 * of the whole event. 200 viewers at 100 windows/s share the bench process's
 * core with the server under test: a full parse per delivery would measure
 * the client.
 */
class EventScanner {
  private rest = "";

  constructor(private readonly onEvent: (event: string, id: number | undefined, receivedAt: string | undefined) => void) {}

  push(text: string): void {
    const buffer = this.rest ? this.rest + text : text;
    let start = 0;
    let end: number;
    while ((end = buffer.indexOf("\n\n", start)) >= 0) {
      this.scan(buffer, start, end);
      start = end + 2;
    }
    this.rest = buffer.slice(start);
  }

  private scan(buffer: string, start: number, end: number): void {
    // `retry:` and comment blocks carry no event.
    if (!buffer.startsWith("event: ", start)) return;
    const eventEnd = buffer.indexOf("\n", start);
    const event = buffer.slice(start + 7, eventEnd);
    const id = buffer.startsWith("id: ", eventEnd + 1) ? Number(buffer.slice(eventEnd + 5, buffer.indexOf("\n", eventEnd + 1))) : undefined;
    let receivedAt: string | undefined;
    const at = event === "window" ? buffer.indexOf(RECEIVED_AT, eventEnd) : -1;
    if (at >= 0 && at < end) receivedAt = buffer.slice(at + RECEIVED_AT.length, buffer.indexOf('"', at + RECEIVED_AT.length));
    this.onEvent(event, id, receivedAt);
  }
}

/**
 * One viewer of the soak: a plain HTTP event-stream reader that keeps, per
 * expected window, how many times it got it (a byte each: 60,000 windows
 * cost 60 KB), so 200 viewers of a ten-minute run fit in the bench process.
 * Latency: the window row's received_at (in the event) to the event read.
 */
class SoakViewer {
  readonly got: Uint8Array;
  /** Windows sent again (no id): a re-emitted or late window replacing itself. */
  updates = 0;
  /** Window ids outside the expected windows. */
  unexpected = 0;
  /** `dropped` events: the server let this viewer fall behind and it caught up from the database. */
  dropped = 0;
  status = 0;
  ended = false;
  private readonly request: http.ClientRequest;

  constructor(runId: string, expected: ExpectedWindows, agent: http.Agent, auth: { authorization: string }, latency: LatencyHistogram) {
    this.got = new Uint8Array(expected.records.length);
    const parser = new EventScanner((event, id, receivedAt) => {
      if (event === "dropped") this.dropped++;
      if (event !== "window") return;
      if (id === undefined) {
        this.updates++;
        return;
      }
      const i = id - expected.first;
      if (i < 0 || i >= this.got.length || expected.records[i] === 0) this.unexpected++;
      else this.got[i] = Math.min(255, this.got[i]! + 1);
      if (receivedAt) latency.add(Date.now() - Date.parse(receivedAt));
    });
    this.request = http.get(`${webUrl()}/api/runs/${runId}/events`, { agent, headers: auth }, (res) => {
      this.status = res.statusCode ?? 0;
      res.setEncoding("utf8");
      res.on("data", (t: string) => parser.push(t));
      res.on("end", () => (this.ended = true));
      res.on("error", () => (this.ended = true));
    });
    this.request.on("error", () => (this.ended = true));
  }

  /** Expected windows this viewer has not got (yet), and those it got more than once. */
  tally(expected: ExpectedWindows): { missing: number; duplicates: number } {
    let missing = 0;
    let duplicates = 0;
    for (let i = 0; i < this.got.length; i++) {
      if (expected.records[i] === 0) continue;
      if (this.got[i] === 0) missing++;
      else if (this.got[i]! > 1) duplicates += this.got[i]! - 1;
    }
    return { missing, duplicates };
  }

  close(): void {
    this.request.destroy();
  }
}

export interface ViewersTally {
  viewers: number;
  /** Viewers that got every expected window exactly once. */
  complete: number;
  /** Expected (viewer, window) deliveries that never came. */
  missing: number;
  duplicates: number;
  updates: number;
  unexpected: number;
  dropped: number;
  /** Viewers whose stream ended or did not answer 200. */
  lost: number;
  latency: { deliveries: number; p50Ms: number; p95Ms: number; p99Ms: number; maxMs: number };
}

/** `count` viewers of a run's live events, from its start, for the whole soak. */
export class SoakViewers {
  private readonly agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  private readonly latency = new LatencyHistogram();
  private readonly viewers: SoakViewer[];

  constructor(runId: string, count: number, expected: ExpectedWindows, auth: { authorization: string }) {
    this.viewers = Array.from({ length: count }, () => new SoakViewer(runId, expected, this.agent, auth, this.latency));
  }

  tally(expected: ExpectedWindows): ViewersTally {
    const per = this.viewers.map((v) => ({ v, ...v.tally(expected) }));
    const sum = (f: (x: (typeof per)[number]) => number) => per.reduce((s, x) => s + f(x), 0);
    return {
      viewers: per.length,
      complete: per.filter((x) => x.missing === 0 && x.duplicates === 0).length,
      missing: sum((x) => x.missing),
      duplicates: sum((x) => x.duplicates),
      updates: sum((x) => x.v.updates),
      unexpected: sum((x) => x.v.unexpected),
      dropped: sum((x) => x.v.dropped),
      lost: per.filter((x) => x.v.ended || x.v.status !== 200).length,
      latency: {
        deliveries: this.latency.count,
        p50Ms: this.latency.percentile(50),
        p95Ms: this.latency.percentile(95),
        p99Ms: this.latency.percentile(99),
        maxMs: this.latency.maxMs,
      },
    };
  }

  close(): void {
    for (const v of this.viewers) v.close();
    this.agent.destroy();
  }
}
