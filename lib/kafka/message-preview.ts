import type { IHeaders, KafkaMessage } from "kafkajs";

/** At most this much of a value reaches a page or a terminal: a hits message holds thousands of lines. */
export const VALUE_PREVIEW_BYTES = 2048;
const KEY_PREVIEW_BYTES = 256;

export interface BytesPreview {
  /** UTF-8 text as it is, or hex when the bytes are no printable text. */
  text: string;
  encoding: "utf8" | "hex";
  /** The whole value's size. */
  bytes: number;
  truncated: boolean;
}

export interface TailMessage {
  partition: number;
  offset: string;
  /** ISO time of the message's timestamp; null when the producer set none. */
  timestamp: string | null;
  key: BytesPreview | null;
  headers: Record<string, string>;
  value: BytesPreview | null;
}

// Tabs, newlines and carriage returns are text; other control bytes mean binary.
const controlChars = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Newest first by timestamp; of one timestamp, the higher partition, then the higher offset. */
export const newestFirst = (a: TailMessage, b: TailMessage) => (b.timestamp ?? "").localeCompare(a.timestamp ?? "") || b.partition - a.partition || Number(b.offset) - Number(a.offset);

/** A bounded, printable view of any bytes: never throws, whatever they hold. */
export function previewBytes(value: Buffer | string | null | undefined, max = VALUE_PREVIEW_BYTES): BytesPreview | null {
  if (value === null || value === undefined) return null;
  const bytes = typeof value === "string" ? Buffer.from(value) : value;
  const head = bytes.subarray(0, max);
  let text: string | null = null;
  try {
    // stream: a multi-byte character cut at the cap is held back instead of refused.
    text = new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
  } catch {
    text = null;
  }
  if (text !== null && !controlChars.test(text)) return { text, encoding: "utf8", bytes: bytes.length, truncated: bytes.length > head.length };
  const hexHead = bytes.subarray(0, Math.floor(max / 2));
  return { text: hexHead.toString("hex"), encoding: "hex", bytes: bytes.length, truncated: bytes.length > hexHead.length };
}

function headerText(value: IHeaders[string]): string {
  const parts = Array.isArray(value) ? value : [value];
  return parts.map((p) => previewBytes(p, KEY_PREVIEW_BYTES)?.text ?? "").join(",");
}

export function tailMessageOf(partition: number, message: KafkaMessage): TailMessage {
  const ms = Number(message.timestamp);
  return {
    partition,
    offset: message.offset,
    timestamp: Number.isFinite(ms) && ms >= 0 ? new Date(ms).toISOString() : null,
    key: previewBytes(message.key, KEY_PREVIEW_BYTES),
    headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, headerText(v)])),
    value: previewBytes(message.value),
  };
}
