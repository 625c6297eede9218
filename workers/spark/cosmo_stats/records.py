"""Stream mode, first stage (executor tasks, one per Kafka partition): hits
messages to packed records, grouped by window, and the clock.

Each Arrow batch of messages is parsed with numpy (cosmo_stats/parse.py),
vectorised over all its lines, and leaves as one row per window it touches
(the window's records as three packed arrays), so the shuffle to the window
state carries a few rows per batch rather than one per record. Unreadable
lines go to the key UNREADABLE as a count.

The clock: one row per Kafka partition of the batch (key CLOCK) whose `clock`
is the largest plausible orbit of its valid-HEAD records (ancillary words
carry orbits of their own, about 10 s ahead of the hits in the real excerpt;
an orbit further than `max_jump` beyond the batch's median is corrupt and
must not close every open window at once). Spark's event-time watermark is
the largest clock seen minus the lateness. Record rows carry no clock: a row
with a clock behind the watermark is dropped by Spark as late, and records
are never dropped that way (cosmo_stats/window_state.py merges late records
and sends the window again)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from cosmo_stats.compute import Context
from cosmo_stats.orbits import NO_ORBIT
from cosmo_stats.parse import parse_hits

UNREADABLE = -1
CLOCK = -2
RECORD_ROWS_SCHEMA = "window bigint, clock_orbit bigint, n bigint, orbit binary, head binary, word binary, input_at bigint"
COLUMNS = ("window", "clock_orbit", "n", "orbit", "head", "word", "input_at")
DTYPES = {"orbit": np.int64, "head": np.int64, "word": np.int32}


def orbit_ref(text: str | None) -> int:
    """An orbitRef header's value; NO_ORBIT when absent or not a plain number
    (a header from another producer must not stop the job)."""
    if not isinstance(text, str) or not (0 < len(text) <= 16 and text.isascii() and text.isdigit()):
        return NO_ORBIT
    return int(text)


def clock_orbits(rec: dict[str, np.ndarray], valid_head: int, max_jump: int) -> dict[int, int]:
    """Per Kafka partition, the largest plausible orbit of valid-HEAD records."""
    valid = (rec["orbit"] >= 0) & (rec["word"] >= 0) & (rec["head"] == valid_head)
    out = {}
    for p in np.unique(rec["partition"][valid]):
        vo = rec["orbit"][valid & (rec["partition"] == p)]
        out[int(p)] = int(vo[vo <= np.median(vo) + max_jump].max())
    return out


def window_rows(rec: dict[str, np.ndarray], ctx: Context, max_jump: int) -> pd.DataFrame:
    """Parsed records (orbit, head, word, partition, input_at) -> one row per window, the clock rows and the unreadable count."""
    rows = {c: [] for c in COLUMNS}

    def add(window, clock, n, parts, input_at):
        for c, v in zip(COLUMNS, (window, clock, n, *parts, input_at)):
            rows[c].append(v)

    empty = (b"", b"", b"")
    for orbit in clock_orbits(rec, ctx.config.valid_head, max_jump).values():
        add(CLOCK, orbit, 0, empty, 0)
    readable = rec["orbit"] >= 0
    unreadable = int(readable.size - np.count_nonzero(readable))
    if unreadable:
        add(UNREADABLE, None, unreadable, empty, 0)
    if readable.any():
        cols = {c: np.asarray(rec[c][readable], dtype=DTYPES[c]) for c in DTYPES}
        at = np.asarray(rec["input_at"][readable], dtype=np.int64)
        win = cols["orbit"] // ctx.config.orbits_per_window
        order = np.argsort(win, kind="stable")
        win, at = win[order], at[order]
        cols = {c: v[order] for c, v in cols.items()}
        cuts = np.flatnonzero(np.diff(win)) + 1
        for s, e in zip(np.concatenate(([0], cuts)), np.concatenate((cuts, [win.size]))):
            add(int(win[s]), None, int(e - s), tuple(cols[c][s:e].tobytes() for c in DTYPES), int(at[s:e].max()))
    return pd.DataFrame(rows, columns=list(COLUMNS)).astype({"window": "int64", "n": "int64", "input_at": "int64", "clock_orbit": "Int64"})


def message_records(ctx: Context, max_jump: int):
    """mapInPandas over the hits topic (partition, ts, value, orbit_ref)."""

    def fn(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for pdf in batches:
            if pdf.empty:
                continue
            refs = [orbit_ref(r) for r in pdf["orbit_ref"]]
            rec = parse_hits(list(pdf["value"]), pdf["partition"].to_numpy(), pdf["ts"].to_numpy(), refs)
            yield window_rows(rec, ctx, max_jump)

    return fn


def unpack(parts: list[tuple[bytes, bytes, bytes]]) -> dict[str, np.ndarray]:
    """Packed (orbit, head, word) triples -> one record set."""
    return {c: np.concatenate([np.frombuffer(p[i], dtype=t) for p in parts]) if parts else np.zeros(0, t) for i, (c, t) in enumerate(DTYPES.items())}
