import { z } from "zod";

/**
 * Kafka refuses a record batch above message.max.bytes (1 MB by default), and
 * kafkajs puts every message of one send to one partition in one batch: the
 * buffer sends at most one message per partition per request, each below this.
 */
export const MAX_MESSAGE_BYTES = 900 * 1024;

export const bufferInputSchema = z.object({
  runId: z.uuid(),
  bucket: z.string().min(1),
  prefix: z.string().default(""),
  topic: z.string().min(1).default("cosmo-hits"),
  /**
   * Records/s, 0 = as fast as possible. Omitted, the buffer keeps the rate stored for
   * the run (setBufferRate), so that restarting a buffer does not undo an operator's change.
   */
  rate: z.coerce.number().int().min(0).max(100_000_000).optional(),
  /** Target size of one Kafka message; a message always holds whole lines. */
  messageBytes: z.coerce.number().int().min(1024).max(MAX_MESSAGE_BYTES).default(256 * 1024),
});

export type BufferInput = z.output<typeof bufferInputSchema>;
