import http from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { SseParser, type ParsedSseEvent } from "@/lib/live/sse-parser";
import { webUrl } from "@/lib/runtime/services/web";

/** A run's event stream read over plain HTTP, so a test can stop reading it (pause) like a stalled browser. */
export class SseClient {
  readonly events: ParsedSseEvent[] = [];
  status = 0;
  ended = false;
  private response: http.IncomingMessage | undefined;
  private readonly request: http.ClientRequest;
  private readonly parser = new SseParser((e) => this.events.push(e));

  /** `auth`: the Authorization header (tests/support/auth.ts authHeader()). */
  constructor(runId: string, auth: { authorization: string }, lastEventId?: number) {
    const headers: Record<string, string> = { accept: "text/event-stream", ...auth };
    if (lastEventId !== undefined) headers["last-event-id"] = String(lastEventId);
    this.request = http.get(`${webUrl()}/api/runs/${runId}/events`, { headers }, (res) => {
      this.response = res;
      this.status = res.statusCode ?? 0;
      res.setEncoding("utf8");
      res.on("data", (text: string) => this.parser.push(text));
      res.on("end", () => (this.ended = true));
      res.on("error", () => (this.ended = true));
    });
    this.request.on("error", () => (this.ended = true));
  }

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
    this.request.destroy();
  }

  async until(what: string, ok: (c: SseClient) => boolean, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!ok(this)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; ids so far: ${this.ids().length}, last ${this.ids().at(-1)}, events ${this.events.map((e) => e.event).slice(-5).join(",")}`);
      await sleep(25);
    }
  }
}
