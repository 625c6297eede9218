import type { Message } from "kafkajs";
import type { Piece } from "@/lib/buffer/piece-reader";

/**
 * One message of the hits topic: whole lines of one object, with where they
 * came from. Partitions take turns by sequence number, so one request carries
 * at most one message per partition (see MAX_MESSAGE_BYTES).
 */
export function hitMessage(runId: string, object: string, piece: Piece, seq: number, partitions: number): Message & { partition: number } {
  return {
    partition: seq % partitions,
    value: piece.value,
    headers: {
      runId,
      object,
      start: String(piece.start),
      end: String(piece.end),
      seq: String(seq),
      records: String(piece.records),
    },
  };
}
