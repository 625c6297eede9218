/** One server-sent event as a client sees it (the bench and the tests read streams with it). */
export interface ParsedSseEvent {
  event: string;
  /** Undefined when the event carried no id line. */
  id?: string;
  data: string;
}

/**
 * Incremental event-stream parser: feed it text as it arrives, it calls back
 * per complete event; comments count separately (keep-alives).
 */
export class SseParser {
  private buffer = "";
  comments = 0;
  /** The last `retry:` field: how long an EventSource waits before reconnecting. */
  retryMs: number | undefined;

  constructor(private readonly onEvent: (e: ParsedSseEvent) => void) {}

  push(text: string): void {
    // One pass over the text, keeping only the unfinished event: a chunk of many events is not re-copied per event.
    const buffer = this.buffer ? this.buffer + text : text;
    let start = 0;
    let end: number;
    while ((end = buffer.indexOf("\n\n", start)) >= 0) {
      this.parseBlock(buffer.slice(start, end));
      start = end + 2;
    }
    this.buffer = buffer.slice(start);
  }

  private parseBlock(block: string): void {
    let event = "message";
    let id: string | undefined;
    const data: string[] = [];
    let fields = 0;
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) {
        this.comments++;
        continue;
      }
      const colon = line.indexOf(":");
      const name = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (name === "event") event = value;
      else if (name === "id") id = value;
      else if (name === "data") data.push(value);
      else if (name === "retry" && /^\d+$/.test(value)) this.retryMs = Number(value);
      else continue;
      fields++;
    }
    if (fields > 0 && data.length > 0) this.onEvent({ event, id, data: data.join("\n") });
  }
}
