"""Stream mode, second stage (executor tasks, one per state partition): each
window's records in Spark's state store (applyInPandasWithState, RocksDB),
keyed by window, closed by event-time timeouts on the watermark.

Records, not partial statistics, are kept per window: multiplicity and drift
time need all of an orbit's hits and its earliest scintillator signal, which
can arrive in different micro-batches and Kafka partitions; compute_window on
the complete set is what keeps streaming and batch identical.

Life of window w ([w * W, (w + 1) * W) orbits), wm the watermark in orbits:
  OPEN     records accumulate until wm >= (w + 1) * W: every orbit of the
           window is then behind the clock; its statistics are emitted.
  CLOSED   the records are kept for `retention` orbits of watermark after the
           latest record. A late record is added and the window emitted again
           at once, complete (consumers keep the last message per window). A
           window whose first record arrives behind the clock (a stray orbit)
           is born CLOSED the same way.
  EXPIRED  records dropped; for `tombstone` orbits of watermark a record for
           the window is logged and dropped, because emitting it alone would
           overwrite the complete result with a partial one. Then forgotten.
The key UNREADABLE holds the run's count of unreadable lines, sent with every
change; CLOCK rows only feed the watermark (cosmo_stats/records.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pandas as pd

from cosmo_stats.compute import Context, compute_window, unwindowed_result
from cosmo_stats.messages import to_json, unwindowed_key, window_key
from cosmo_stats.records import CLOCK, UNREADABLE, unpack

OPEN, CLOSED, EXPIRED = 1, 2, 3
STATE_SCHEMA = "phase int, mark bigint, input_at bigint, n bigint, orbit binary, head binary, word binary"
# input_at: the Kafka time of the window's newest message, on a window's first
# close only (the live view's window latency), else 0.
WINDOW_OUTPUT_SCHEMA = "key string, value string, window bigint, input_at bigint"
OUTPUT_COLUMNS = ["key", "value", "window", "input_at"]


def window_message(ctx: Context, w: int, records: dict) -> tuple[str, str]:
    return window_key(ctx.run_id, w), to_json(compute_window(records, ctx, w))


def unwindowed_message(ctx: Context, count: int) -> tuple[str, str]:
    return unwindowed_key(ctx.run_id), to_json(unwindowed_result(ctx.run_id, count))


def window_updates(ctx: Context, retention: int, tombstone: int):
    W = ctx.config.orbits_per_window

    def fn(key, pdfs: Iterator[pd.DataFrame], state) -> Iterator[pd.DataFrame]:
        w = int(key[0])
        incoming = [p for p in pdfs if not p.empty]
        if w == CLOCK:
            return
        wm = int(state.getCurrentWatermarkMs())
        if w == UNREADABLE:
            n = (state.get[3] if state.exists else 0) + sum(int(p["n"].sum()) for p in incoming)
            state.update((0, 0, 0, n, b"", b"", b""))
            yield pd.DataFrame([(*unwindowed_message(ctx, n), w, 0)], columns=OUTPUT_COLUMNS)
            return
        phase, mark, input_at, n, *packed = state.get if state.exists else (0, 0, 0, 0, b"", b"", b"")
        parts = [tuple(packed)] if n else []
        out = []
        if state.hasTimedOut:
            if phase == EXPIRED:
                state.remove()
                return
            if phase == OPEN:
                phase, mark = CLOSED, wm
                out.append((*window_message(ctx, w, unpack(parts)), w, input_at))
            else:
                phase, mark, n, parts = EXPIRED, wm, 0, []
        else:
            if phase == EXPIRED and wm <= mark + tombstone:
                print(f"cosmo-stats: {sum(int(p['n'].sum()) for p in incoming)} record(s) of window {w} arrived after its retention; dropped", file=sys.stderr)
                state.update((phase, mark, input_at, n, b"", b"", b""))
                state.setTimeoutTimestamp(mark + tombstone)
                return
            if phase in (0, EXPIRED):
                phase, mark, input_at, n, parts = OPEN, 0, 0, 0, []
            for p in incoming:
                parts.extend(zip(p["orbit"], p["head"], p["word"]))
                n += int(p["n"].sum())
                input_at = max(input_at, int(p["input_at"].max()))
            closes = phase == OPEN and wm >= (w + 1) * W
            if closes or phase == CLOSED:
                out.append((*window_message(ctx, w, unpack(parts)), w, input_at if closes else 0))
                phase, mark = CLOSED, wm
        rec = unpack(parts)
        state.update((phase, mark, input_at, n, *(rec[c].tobytes() for c in ("orbit", "head", "word"))))
        state.setTimeoutTimestamp((w + 1) * W - 1 if phase == OPEN else mark + (retention if phase == CLOSED else tombstone))
        if out:
            yield pd.DataFrame(out, columns=OUTPUT_COLUMNS)

    return fn
