import type { Message } from "kafkajs";
import type { Piece } from "@/lib/buffer/piece-reader";
import { NO_ORBIT } from "@/lib/detector/extended-orbit";

/** The header naming the extended orbit the message's lines continue from (docs/results-schema.md). */
export const ORBIT_REF_HEADER = "orbitRef";

/**
 * One message of the hits topic: whole lines of one object, with where they
 * came from. Partitions take turns by sequence number, so one request carries
 * at most one message per partition (see MAX_MESSAGE_BYTES). Without an
 * orbit before it (the run's first lines), the message has no orbitRef.
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
      ...(piece.orbitBefore === NO_ORBIT ? {} : { [ORBIT_REF_HEADER]: String(piece.orbitBefore) }),
    },
  };
}
