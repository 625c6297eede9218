"""Extended orbits: ORBIT_CNT + k * 2^32, so that windows go on across a wrap
of the 32-bit counter (DETECTOR.md, "The orbit counter wraps").

The rule of lib/detector/extended-orbit.ts, record by record in read order:
the value nearest to the previous record's extended orbit (a tie goes to the
lower one), never negative (k = 0 instead of -1), and the first record of a
run keeps its ORBIT_CNT. Here in closed form over arrays: with the steps
d_i = raw_i - raw_{i-1} wrapped into [-2^31, 2^31), p their running sum from
the first record and c0 the first record's (unbounded) extended orbit, the
extended orbit is c0 + p_i plus 2^32 for every time the sequence would have
gone below 0 so far, which is max(0, -floor((c0 + min(p_0..p_i)) / 2^32)):
each step is at most 2^31, so one 2^32 always lifts it back.

Why the split (steps / first / finish): the batch mode computes p in the
executors, file by file, and c0 of each file in the driver from the files
before it; the stream mode extends each message from the reference the
buffer put on it.
"""

from __future__ import annotations

import numpy as np

WRAP = 1 << 32
HALF = 1 << 31
NO_ORBIT = -1


def steps(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(p, running minimum of p) of readable raw orbits in read order."""
    d = np.zeros(raw.size, dtype=np.int64)
    if raw.size > 1:
        d[1:] = (np.diff(raw.astype(np.int64)) + HALF) % WRAP - HALF
    p = np.cumsum(d)
    return p, np.minimum.accumulate(p) if p.size else p


def first_unbounded(ref: int, raw0: int) -> int:
    """The first record's extended orbit after `ref`, before the lift above 0."""
    if ref < 0:
        return int(raw0)
    return int(ref) + (int(raw0) - int(ref) % WRAP + HALF) % WRAP - HALF


def finish(c0, p, pm):
    """Extended orbits from c0 and (p, pm); scalars or arrays."""
    return c0 + p + WRAP * np.maximum(0, -((c0 + pm) // WRAP))


def extend_orbits(raw: np.ndarray, ref: int) -> np.ndarray:
    """Readable raw orbits in read order, extended from `ref` (NO_ORBIT: start of the run)."""
    raw = np.asarray(raw, dtype=np.int64)
    if raw.size == 0:
        return raw.copy()
    p, pm = steps(raw)
    return finish(first_unbounded(ref, int(raw[0])), p, pm).astype(np.int64)


def extend_readable(orbit: np.ndarray, ref: int) -> tuple[np.ndarray, int]:
    """`orbit` with -1 for unreadable lines: the readable ones extended from
    `ref`; and the extended orbit of the last readable one (`ref` if none)."""
    out = np.asarray(orbit, dtype=np.int64).copy()
    readable = np.flatnonzero(out >= 0)
    if readable.size == 0:
        return out, ref
    out[readable] = extend_orbits(out[readable], ref)
    return out, int(out[readable[-1]])
