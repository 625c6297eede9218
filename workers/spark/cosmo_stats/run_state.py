"""The streaming job's state: the live windows of one run, and its clock.

Why here and not in a Spark state operator: applyInPandasWithState costs
300-500 ms per micro-batch on the 2-core target even with a trivial function
(JVM <-> Python round trips, state store commit), against about 230 ms for a
whole foreachBatch micro-batch. So the job collects each micro-batch's
messages to the driver, parses them there (cosmo_stats/parse.py), and keeps
the state here, persisted in the checkpoint folder under the micro-batch id
(StateStore below), which gives the same guarantee as Spark's state store:
a restarted query re-runs the uncommitted batch id against the state as it
was before that batch.

Records, not partial statistics, are kept per window: multiplicity and drift
time need all of an orbit's hits and its earliest scintillator signal, which
can arrive in different micro-batches; compute_window on the complete set is
what keeps streaming and batch identical. 20 bytes a record, numpy only.

Clock. The watermark is in orbits: the clock minus `lateness`, where the
clock is the largest extended orbit (cosmo_stats/orbits.py) of valid-HEAD records seen so far in the
slowest Kafka partition (Flink's rule: every partition is read at its own
pace, so a global maximum would make a partition that is behind look late;
Spark's maxOffsetsPerTrigger, for one, splits a trigger between partitions
unevenly). A partition that delivered nothing for `idle_batches`
micro-batches stops holding the clock back. Only valid-HEAD records move it:
ancillary words carry orbits of their own (about 10 s ahead of the hits in
the real excerpt) and would close the hits' windows early. Orbits further
than `max_jump` beyond the median of their partition's batch do not move it
either, so one corrupt orbit cannot close every open window at once.

Life of window w ([w * W, (w + 1) * W) orbits):
  OPEN     records accumulate, until the watermark reaches (w + 1) * W:
           every orbit of the window is then behind the clock.
  CLOSED   the statistics were emitted, once; the records are kept for
           `retention` orbits of watermark after the latest record. A late
           record is added and the window emitted again at once, complete
           (consumers keep the last message per window), so late data within
           the retention changes nothing in the final results. A window whose
           first record arrives behind the clock (a stray orbit) is born
           CLOSED the same way.
  EXPIRED  records dropped; for `tombstone` orbits of watermark a record for
           the window is logged and dropped, because emitting it alone would
           overwrite the complete result with a partial one. Then forgotten.

Orbits are extended (ORBIT_CNT + k * 2^32, from each message's orbitRef), so
a wrap of the 32-bit counter within a run (every 4.4 days) is just the next
window for the clock and the windows.
"""

from __future__ import annotations

import glob
import os
import sys
from collections import deque

import numpy as np

from cosmo_stats.compute import Context, compute_window, unwindowed_result
from cosmo_stats.messages import to_json, unwindowed_key, window_key

OPEN, CLOSED = 1, 2
COLUMNS = ("orbit", "head", "word")
DTYPES = {"orbit": np.int64, "head": np.int64, "word": np.int32, "partition": np.int32}

Message = tuple[str, str]


class Window:
    __slots__ = ("phase", "mark", "parts", "input_at")

    def __init__(self, phase: int, mark: int):
        self.phase = phase
        self.mark = mark
        # Kafka time (ms) of the newest hits message with a record of this
        # window, for the latency the live view shows; 0 when unknown (a
        # restored state). Not persisted: it is a figure, not a statistic.
        self.input_at = 0
        # Arrays appended per micro-batch, joined when the window is computed.
        self.parts: list[dict[str, np.ndarray]] = []

    def records(self) -> dict[str, np.ndarray]:
        if len(self.parts) != 1:
            joined = {c: np.concatenate([p[c] for p in self.parts]) if self.parts else np.zeros(0, DTYPES[c]) for c in COLUMNS}
            self.parts = [joined]
        return self.parts[0]


class RunState:
    def __init__(self, ctx: Context, lateness: int, retention: int, tombstone: int, max_jump: int, idle_batches: int = 10):
        self.ctx = ctx
        self.idle_batches = idle_batches
        self.W = ctx.config.orbits_per_window
        self.valid_head = ctx.config.valid_head
        self.lateness = lateness
        self.retention = retention
        self.tombstone = tombstone
        self.max_jump = max_jump
        self.windows: dict[int, Window] = {}
        # Expired windows in expiry order (the watermark only grows): (window, mark).
        self.expired: deque[tuple[int, int]] = deque()
        self.expired_set: set[int] = set()
        self.max_orbit = -1
        self.unreadable = 0
        self.batches = 0
        # Kafka partition -> (largest valid orbit, batch count when it last delivered one).
        self.partitions: dict[int, tuple[int, int]] = {}
        self.quiet = False
        # (window, input_at) of windows closed since the caller last took them.
        self.closed_inputs: list[tuple[int, int]] = []

    @property
    def watermark(self) -> int:
        return self.max_orbit - self.lateness if self.max_orbit >= 0 else -1

    def _emit(self, w: int, win: Window) -> Message:
        return window_key(self.ctx.run_id, w), to_json(compute_window(win.records(), self.ctx, w))

    def _log(self, text: str) -> None:
        if not self.quiet:
            print(f"cosmo-stats: {text}", file=sys.stderr)

    def _advance_clock(self, orbit: np.ndarray, partition: np.ndarray) -> None:
        self.batches += 1
        for p in np.unique(partition):
            vo = orbit[partition == p]
            plausible = vo[vo <= np.median(vo) + self.max_jump]
            seen = self.partitions.get(int(p), (-1, 0))[0]
            self.partitions[int(p)] = (max(seen, int(plausible.max())), self.batches)
        active = [m for m, last in self.partitions.values() if self.batches - last < self.idle_batches]
        if active:
            self.max_orbit = max(self.max_orbit, min(active))

    def process(self, rec: dict[str, np.ndarray], input_at: np.ndarray | None = None) -> list[Message]:
        """One micro-batch of records (orbit, head, word and, when the input
        has several, its Kafka partition); returns the messages to send.
        `input_at`: per record, the Kafka time (ms) of its message."""
        out: list[Message] = []
        orbit, head, word = (np.asarray(rec[c], dtype=DTYPES[c]) for c in COLUMNS)
        partition = np.asarray(rec["partition"], dtype=np.int32) if "partition" in rec else np.zeros(orbit.size, dtype=np.int32)
        readable = orbit >= 0
        n_unreadable = int(orbit.size - np.count_nonzero(readable))
        if n_unreadable:
            self.unreadable += n_unreadable
            out.append(self.unwindowed_message())

        # The clock first: this batch's records close what they prove complete.
        valid = readable & (word >= 0) & (head == self.valid_head)
        self._advance_clock(orbit[valid], partition[valid])
        wm = self.watermark

        reemit: set[int] = set()
        refused: dict[int, int] = {}
        if readable.any():
            o, h, wd = orbit[readable], head[readable], word[readable]
            win = o // self.W
            order = np.argsort(win, kind="stable")
            win, o, h, wd = win[order], o[order], h[order], wd[order]
            ts = np.asarray(input_at, dtype=np.int64)[readable][order] if input_at is not None else None
            cuts = np.flatnonzero(np.diff(win)) + 1
            for s, e in zip(np.concatenate(([0], cuts)), np.concatenate((cuts, [win.size]))):
                w = int(win[s])
                if w in self.expired_set:
                    refused[w] = int(e - s)
                    continue
                window = self.windows.get(w)
                if window is None:
                    window = self.windows[w] = Window(OPEN, 0)
                window.parts.append({"orbit": o[s:e], "head": h[s:e], "word": wd[s:e]})
                if ts is not None:
                    window.input_at = max(window.input_at, int(ts[s:e].max()))
                if window.phase == CLOSED:
                    # Late data restarts the retention: a window still being
                    # fed stays mergeable (stray orbits spread over a run).
                    window.mark = wm
                    reemit.add(w)

        if refused:
            shown = ", ".join(str(w) for w in list(refused)[:5]) + (", ..." if len(refused) > 5 else "")
            self._log(f"{sum(refused.values())} record(s) of {len(refused)} window(s) ({shown}) arrived after their retention; dropped")

        for w in sorted(self.windows):
            window = self.windows[w]
            if window.phase == OPEN and wm >= (w + 1) * self.W:
                window.phase, window.mark = CLOSED, wm
                reemit.add(w)
                if window.input_at:
                    self.closed_inputs.append((w, window.input_at))
            if w in reemit:
                out.append(self._emit(w, window))
            if window.phase == CLOSED and wm > window.mark + self.retention:
                del self.windows[w]
                self.expired.append((w, wm))
                self.expired_set.add(w)
        while self.expired and wm > self.expired[0][1] + self.tombstone:
            self.expired_set.discard(self.expired.popleft()[0])
        return out

    def take_closed_inputs(self) -> list[tuple[int, int]]:
        taken, self.closed_inputs = self.closed_inputs, []
        return taken

    def unwindowed_message(self) -> Message:
        return unwindowed_key(self.ctx.run_id), to_json(unwindowed_result(self.ctx.run_id, self.unreadable))

    def flush(self) -> list[Message]:
        """End of input: every open window's statistics and the unreadable
        count, without changing the state (a restart resumes as before)."""
        out = [self._emit(w, win) for w, win in sorted(self.windows.items()) if win.phase == OPEN]
        return out + [self.unwindowed_message()]

    def open_windows(self) -> int:
        return sum(1 for w in self.windows.values() if w.phase == OPEN)

    # ---------------------------------------------------------- persistence

    def to_arrays(self) -> dict[str, np.ndarray]:
        ids = sorted(self.windows)
        recs = [self.windows[w].records() for w in ids]
        return {
            "scalars": np.array([self.max_orbit, self.unreadable, self.batches], dtype=np.int64),
            "part": np.array([[p, m, last] for p, (m, last) in sorted(self.partitions.items())], dtype=np.int64).reshape(-1, 3),
            "win_id": np.array(ids, dtype=np.int64),
            "win_phase": np.array([self.windows[w].phase for w in ids], dtype=np.int64),
            "win_mark": np.array([self.windows[w].mark for w in ids], dtype=np.int64),
            "win_n": np.array([r["orbit"].size for r in recs], dtype=np.int64),
            **{c: np.concatenate([r[c] for r in recs]) if recs else np.zeros(0, DTYPES[c]) for c in COLUMNS},
            "exp_id": np.array([w for w, _ in self.expired], dtype=np.int64),
            "exp_mark": np.array([m for _, m in self.expired], dtype=np.int64),
        }

    def load_arrays(self, a) -> None:
        self.max_orbit, self.unreadable, self.batches = (int(x) for x in a["scalars"])
        self.partitions = {int(p): (int(m), int(last)) for p, m, last in a["part"]}
        self.windows = {}
        at = 0
        for w, phase, mark, n in zip(a["win_id"], a["win_phase"], a["win_mark"], a["win_n"]):
            window = Window(int(phase), int(mark))
            window.parts = [{c: np.array(a[c][at : at + n]) for c in COLUMNS}]
            self.windows[int(w)] = window
            at += int(n)
        self.expired = deque((int(w), int(m)) for w, m in zip(a["exp_id"], a["exp_mark"]))
        self.expired_set = {w for w, _ in self.expired}


class StateStore:
    """RunState on disk, by micro-batch id: a full snapshot every `every`
    batches and, for each batch, its records (the input of RunState.process),
    so that loading replays at most `every` small batches. Files are written
    to a temporary name and renamed: a crash leaves either the old or the new
    file, never half of one."""

    def __init__(self, folder: str, every: int = 50):
        self.folder = folder
        self.every = every
        os.makedirs(folder, exist_ok=True)

    def _ids(self, prefix: str) -> list[int]:
        names = (os.path.basename(p)[len(prefix) + 1 : -4] for p in glob.glob(os.path.join(self.folder, f"{prefix}-*.npz")))
        return sorted(int(n) for n in names if n.isdigit())

    def _path(self, prefix: str, batch: int) -> str:
        return os.path.join(self.folder, f"{prefix}-{batch}.npz")

    def _write(self, prefix: str, batch: int, arrays: dict[str, np.ndarray]) -> None:
        final = self._path(prefix, batch)
        tmp = final + ".tmp"
        with open(tmp, "wb") as f:
            np.savez(f, **arrays)
        os.replace(tmp, final)

    def load(self, state: RunState, before: int) -> int:
        """Restores the state as it was after batch `before - 1`; returns the number of batches replayed."""
        snaps = [b for b in self._ids("snapshot") if b < before]
        start = -1
        if snaps:
            with np.load(self._path("snapshot", snaps[-1])) as a:
                state.load_arrays(a)
            start = snaps[-1]
        replay = [b for b in self._ids("batch") if start < b < before]
        state.quiet = True
        try:
            for b in replay:
                with np.load(self._path("batch", b)) as a:
                    state.process({c: a[c] for c in a.files})
        finally:
            state.quiet = False
        return len(replay)

    def save(self, state: RunState, batch: int, rec: dict[str, np.ndarray]) -> None:
        if batch % self.every == 0:
            self._write("snapshot", batch, state.to_arrays())
            self._prune(batch)
        else:
            self._write("batch", batch, {c: np.asarray(v, dtype=DTYPES[c]) for c, v in rec.items()})

    def _prune(self, snapshot: int) -> None:
        # Keep the previous snapshot and its batches too: the newest snapshot
        # may belong to a batch that Spark re-runs after a crash.
        older = [b for b in self._ids("snapshot") if b < snapshot]
        keep_from = older[-1] if older else snapshot
        for prefix in ("snapshot", "batch"):
            for b in self._ids(prefix):
                if b < keep_from:
                    os.remove(self._path(prefix, b))
