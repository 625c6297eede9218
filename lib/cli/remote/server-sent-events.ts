export interface ServerSentEvent {
  id?: string;
  event: string;
  data: string;
}

/** The events of a text/event-stream body as they arrive (the WHATWG format: fields, blank line ends an event). */
export async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ServerSentEvent> {
  const decoder = new TextDecoder();
  const reader = body.getReader();
  let buffer = "";
  let event: ServerSentEvent = { event: "message", data: "" };
  let hasData = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.search(/\r?\n/)) >= 0) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + (buffer[end] === "\r" ? 2 : 1));
      if (line === "") {
        if (hasData) yield event;
        event = { event: "message", data: "" };
        hasData = false;
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "data") {
        event.data = hasData ? `${event.data}\n${text}` : text;
        hasData = true;
      } else if (field === "id") event.id = text;
      else if (field === "event") event.event = text;
    }
  }
}
