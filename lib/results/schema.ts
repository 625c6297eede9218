import { z } from "zod";

/**
 * The results wire format: one message per run and detector-time window, on
 * the results topic, written by the Spark job and read by the consumer, the
 * API and the UI. Documented in docs/results-schema.md; a change of shape is
 * a new `schema` value, never an edit of this one.
 */
export const WINDOW_SCHEMA = "cosmo.window.v1" as const;

const count = z.number().int().nonnegative();
const perChamber = <T extends z.ZodTypeAny>(item: T) => z.array(item);

export const windowResultSchema = z.object({
  schema: z.literal(WINDOW_SCHEMA),
  runId: z.string().min(1),
  /** Window index k: orbits [k * orbitsPerWindow, (k + 1) * orbitsPerWindow). */
  window: z.number().int().nonnegative(),
  orbitsPerWindow: z.number().int().positive(),
  /** First and last ORBIT_CNT seen in the window, over every record with a readable orbit. */
  firstOrbit: z.number().int().nonnegative(),
  lastOrbit: z.number().int().nonnegative(),
  /** Every record of the window, kept or dropped. */
  records: count,
  /** 1. chamber hits in the window. */
  totalHits: count,
  /** 2. hits per chamber, indexed by chamber. */
  hitsPerChamber: perChamber(count),
  /** 3. per chamber, hits per channel (channel index within the chamber). */
  occupancy: perChamber(z.array(count)),
  /** 4. per chamber, histogram of hits per orbit: index m -> orbits with m hits (index 0 is always 0). */
  multiplicity: perChamber(z.array(count)),
  /** Orbits of the window with at least one scintillator signal. */
  scintillatorOrbits: count,
  /** 5. per chamber, hits per channel counting only orbits with a scintillator signal. */
  occupancyScintillator: perChamber(z.array(count)),
  /** 6. per chamber, drift time t_hit - t_scint (earliest signal of the orbit) histogram. */
  driftTime: z.object({
    minNs: z.number(),
    maxNs: z.number(),
    binNs: z.number().positive(),
    counts: perChamber(z.array(count)),
    underflow: perChamber(count),
    overflow: perChamber(count),
  }),
  /** Records dropped, by reason. */
  dropped: z.object({
    /** Records whose HEAD is not the valid value, keyed by that HEAD value. */
    head: z.record(z.string(), count),
    /** Valid-HEAD records on channels outside the chamber map (scintillator and service channels included). */
    unmappedChannel: count,
    /** Lines that are not six integer fields but still carry a readable orbit. */
    malformed: count,
  }),
});

export type WindowResult = z.infer<typeof windowResultSchema>;

/**
 * Lines with no readable ORBIT_CNT belong to no window; their count per run,
 * cumulative, is its own message (upserted per run like windows are).
 */
export const UNWINDOWED_SCHEMA = "cosmo.unwindowed.v1" as const;

export const unwindowedResultSchema = z.object({
  schema: z.literal(UNWINDOWED_SCHEMA),
  runId: z.string().min(1),
  /** Lines seen so far in the run whose orbit could not be read (empty lines and header lines are not counted). */
  malformed: count,
});

/**
 * How the streaming job keeps up, at most once a second while it works: for
 * the live view's pipeline strip. Not statistics: the batch mode sends none,
 * and a lost one only leaves the strip a second older.
 */
export const PROGRESS_SCHEMA = "cosmo.progress.v1" as const;

const ms = z.number().nonnegative();

export const progressResultSchema = z.object({
  schema: z.literal(PROGRESS_SCHEMA),
  runId: z.string().min(1),
  /** When the job sent it (ISO 8601). */
  at: z.iso.datetime({ offset: true }),
  /** Micro-batches that read data since the previous progress message. */
  batches: count,
  /** Duration of the latest of them (Spark's trigger execution), and the median of the last 20. */
  batchMs: ms,
  batchP50Ms: ms,
  /** Hits-topic offsets available but not yet read, as of the latest micro-batch; null when Spark did not report it. */
  kafkaLagOffsets: count.nullable(),
  /** Windows closed since the previous message, each with the Kafka time (ms since epoch) of the last hits message holding one of its records. */
  windows: z.array(z.object({ window: z.number().int().nonnegative(), inputAt: z.number().int().nonnegative() })),
});

export const resultMessageSchema = z.discriminatedUnion("schema", [windowResultSchema, unwindowedResultSchema, progressResultSchema]);

export type UnwindowedResult = z.infer<typeof unwindowedResultSchema>;
export type ProgressResult = z.infer<typeof progressResultSchema>;
export type ResultMessage = z.infer<typeof resultMessageSchema>;
