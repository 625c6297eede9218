import type { StoredWindow } from "@/lib/runs/stored-window";

/**
 * A stored window ready to send: serialised once, whatever the number of
 * viewers. `version` (its updatedAt in ms) tells a newer copy from an older one.
 */
export interface WindowFrame {
  window: number;
  version: number;
  json: string;
}

export function toWindowFrame(w: StoredWindow): WindowFrame {
  return { window: w.window, version: Date.parse(w.updatedAt), json: JSON.stringify(w) };
}

/**
 * One SSE event for a window. The id (the window number) is set only on a
 * window numbered above every one this connection sent, so Last-Event-ID is
 * the connection's high-water mark; a window re-emitted or stored late goes
 * without an id, and the client replaces the window of that number.
 */
export function windowEvent(frame: WindowFrame, id: number | undefined): string {
  return `event: window\n${id === undefined ? "" : `id: ${id}\n`}data: ${frame.json}\n\n`;
}
