import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { SseParser, type ParsedSseEvent } from "@/lib/live/sse-parser";
import { webUrl } from "@/lib/runtime/services/web";

/**
 * A run's event stream read over plain HTTP, so a test can stop reading it
 * (pause) like a stalled browser. With `reconnect`, it behaves like
 * EventSource: when the stream ends or cannot be reached it connects again
 * after the server's `retry` delay, sending the last id it received as
 * Last-Event-ID; an answer other than 200 ends it for good.
 */
export class SseClient {
  readonly events: ParsedSseEvent[] = [];
  status = 0;
  ended = false;
  /** Answers with status 200: the first connection and each reconnection. */
  connections = 0;
  private response: http.IncomingMessage | undefined;
  private request: http.ClientRequest | undefined;
  private parser = new SseParser(() => {});
  private lastEventId: string | undefined;
  private retryMs = 3000;
  private closed = false;

  /** `auth`: the Authorization header (tests/support/auth.ts authHeader()). */
  constructor(
    private readonly runId: string,
    private readonly auth: { authorization: string },
    lastEventId?: number,
    private readonly options: { reconnect?: boolean } = {},
  ) {
    this.lastEventId = lastEventId === undefined ? undefined : String(lastEventId);
    this.connect();
  }

  private connect(): void {
    const headers: Record<string, string> = { accept: "text/event-stream", ...this.auth };
    if (this.lastEventId !== undefined) headers["last-event-id"] = this.lastEventId;
    // A new parser per connection: an event cut off by a dropped connection is never dispatched.
    const parser = (this.parser = new SseParser((e) => {
      if (e.id !== undefined) this.lastEventId = e.id;
      this.events.push(e);
    }));
    let over = false;
    const lost = () => {
      if (over) return;
      over = true;
      this.retryMs = parser.retryMs ?? this.retryMs;
      if (!this.options.reconnect || this.closed) this.ended = true;
      else setTimeout(() => !this.closed && this.connect(), this.retryMs);
    };
    this.request = http.get(`${webUrl()}/api/runs/${this.runId}/events`, { headers }, (res) => {
      this.response = res;
      this.status = res.statusCode ?? 0;
      if (this.status === 200) this.connections++;
      else if (this.options.reconnect) this.closed = true;
      res.setEncoding("utf8");
      res.on("data", (text: string) => parser.push(text));
      res.on("end", lost);
      res.on("error", lost);
      res.on("close", lost);
    });
    this.request.on("error", lost);
  }

  /** Keep-alive comments of the current connection. */
  get comments(): number {
    return this.parser.comments;
  }

  /** Window numbers of the events that carried an id, in arrival order. */
  ids(): number[] {
    return this.events.filter((e) => e.event === "window" && e.id !== undefined).map((e) => Number(e.id));
  }

  windowEvents(): ParsedSseEvent[] {
    return this.events.filter((e) => e.event === "window");
  }

  has(event: string): boolean {
    return this.events.some((e) => e.event === event);
  }

  pause(): void {
    this.response?.pause();
  }

  resume(): void {
    this.response?.resume();
  }

  close(): void {
    this.closed = true;
    this.request?.destroy();
  }

  async until(what: string, ok: (c: SseClient) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ok(this)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; ids so far: ${this.ids().length}, last ${this.ids().at(-1)}, events ${this.events.map((e) => e.event).slice(-5).join(",")}`);
      await sleep(25);
    }
  }
}
