/**
 * What the supervisor remembers of a run between ticks, in its own memory:
 * trends (lag samples, when input last moved). Lost on a restart, which only
 * delays a trend alarm by its 30 s; restart counts and schedules are in the
 * run's row instead.
 */
export interface RunMemory {
  lagSamples: { at: number; lag: number }[];
  lastRecordsSent: number;
  /** When the buffer's records sent last grew: input exists. */
  lastInputAt: number | null;
  /** A database outage seen by the supervisor's loop, reported once it is over. */
  databaseOutage: { since: number; until: number } | null;
}

export const emptyMemory = (): RunMemory => ({ lagSamples: [], lastRecordsSent: 0, lastInputAt: null, databaseOutage: null });
