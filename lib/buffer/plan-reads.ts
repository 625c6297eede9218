import type { BufferCursor } from "@/lib/buffer/buffer-cursor";
import { compareKeys, type S3Object } from "@/lib/buffer/list-objects";

export interface ObjectRead extends S3Object {
  /** Byte offset to start reading at. */
  start: number;
}

/** What is left to send after `cursor`: the rest of its object, then every later object. */
export function planReads(objects: S3Object[], cursor: BufferCursor): ObjectRead[] {
  if (cursor.object === "") return objects.map((o) => ({ ...o, start: 0 }));
  return objects.flatMap((o) => {
    const order = compareKeys(o.key, cursor.object);
    if (order < 0) return [];
    if (order > 0) return [{ ...o, start: 0 }];
    return cursor.offset < o.size ? [{ ...o, start: cursor.offset }] : [];
  });
}

export function bytesLeft(objects: S3Object[], cursor: BufferCursor): number {
  return planReads(objects, cursor).reduce((sum, r) => sum + r.size - r.start, 0);
}
