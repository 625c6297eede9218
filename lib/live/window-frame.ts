import type { StoredWindow } from "@/lib/runs/stored-window";

const HEAD = "event: window\n";

/**
 * A stored window ready to send: serialised and encoded once, whatever the
 * number of viewers; every viewer's response takes the same bytes.
 * `version` (its updatedAt in ms) tells a newer copy from an older one.
 */
export class WindowFrame {
  /** The event with its id (the window number): what almost every viewer gets. */
  readonly withId: Uint8Array;
  private withoutId: Uint8Array | undefined;

  constructor(
    readonly window: number,
    readonly version: number,
    json: string,
  ) {
    this.withId = Buffer.from(`${HEAD}id: ${window}\ndata: ${json}\n\n`);
  }

  get bytes(): number {
    return this.withId.length;
  }

  /**
   * The SSE event. The id is set only on a window numbered above every one
   * this connection sent, so Last-Event-ID is the connection's high-water
   * mark; a window re-emitted or stored late goes without an id, and the
   * client replaces the window of that number.
   */
  event(withId: boolean): Uint8Array {
    if (withId) return this.withId;
    // Rare (updates, late windows): cut the id line out of the shared bytes.
    return (this.withoutId ??= Buffer.concat([this.withId.subarray(0, HEAD.length), this.withId.subarray(this.withId.indexOf(10, HEAD.length) + 1)]));
  }
}

export function toWindowFrame(w: StoredWindow): WindowFrame {
  return new WindowFrame(w.window, Date.parse(w.updatedAt), JSON.stringify(w));
}
