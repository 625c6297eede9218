"""Text lines and .dat words to the compact record columns (orbit, head, word).

One implementation of the text rules for every mode (stream, batch, local),
so they cannot diverge; the rules are those of lib/detector/parse-text.ts, in
its order:
  1. one trailing "\r" ignored; an empty line or the exact header is skipped;
  2. a line longer than MAX_LINE_BYTES, or without a 4th column holding an
     unsigned 32-bit integer, is unreadable (orbit -1: counted per run);
     such a line never moves the extended orbit (cosmo_stats/orbits.py);
  3. HEAD is kept when it is an unsigned 32-bit integer (a non-valid HEAD is
     dropped by value whatever the other columns hold);
  4. exactly six unsigned integer columns within the field limits make a
     record (word >= 0); anything else is not a record (word -1).
"Unsigned integer" is 1 to MAX_DIGITS base-10 digits: no sign, space or
exponent, leading zeros allowed within the ten, value below 2^32. The length
is checked before any conversion, so no input of any size or content raises.

parse_text works on a whole block of lines with numpy: the lines are read
column by column over all lines at once, never one by one. The streaming job parses each micro-batch in the
driver this way: a Spark SQL parse in the executors made every micro-batch
plan, generate and compile a large expression, which cost more than the
parse itself at the live rate.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import numpy as np
import pandas as pd

from cosmo_stats.compute import MAX_BX, MAX_CHANNEL, MAX_FPGA, MAX_TDC, ORBIT_LIMIT
from cosmo_stats.orbits import NO_ORBIT, extend_readable, steps

TEXT_HEADER = "HEAD,FPGA,TDC_CHANNEL,ORBIT_CNT,BX_COUNTER,TDC_MEAS"
# lib/detector/line-splitter.ts MAX_LINE_BYTES: bytes between two "\n", a "\r" included.
MAX_LINE_BYTES = 64 * 1024
WORD_BYTES = 8
SHIFTED_TDC_CHANNELS = (137, 138)

NL, CR, COMMA, ZERO = 10, 13, 44, 48
HEADER_BYTES = TEXT_HEADER.encode()
FIELDS = 6

# lib/detector/record.ts MAX_DIGITS: ten digits hold every 32-bit value; a
# longer column is not an integer, whatever its value.
MAX_DIGITS = 10


# ---------------------------------------------------------------- text blocks


def _column_values(b: np.ndarray, cs: np.ndarray, ce: np.ndarray, clean: np.ndarray) -> np.ndarray:
    """The unsigned 32-bit value of each column [cs, ce) that is `clean` (only
    digits, 1 to MAX_DIGITS of them), else -1. Columns of equal length are
    read together, digit by digit, so no per-digit mask is needed."""
    values = np.full(cs.size, -1, dtype=np.int64)
    rows = np.flatnonzero(clean)
    length = ce[rows] - cs[rows]
    for n_digits in np.flatnonzero(np.bincount(length, minlength=1)):
        same = rows[length == n_digits]
        at = cs[same]
        v = np.zeros(same.size, dtype=np.int64)
        for _ in range(n_digits):
            v *= 10
            v += b[at] - np.uint8(ZERO)
            at += 1
        values[same] = np.where(v < ORBIT_LIMIT, v, -1)
    return values


def parse_text(data: bytes | bytearray | memoryview) -> dict[str, np.ndarray]:
    """Every line of `data` (separated by "\n"; a last line without one counts)
    -> orbit, head, word per record in line order, and `at`, the byte offset
    of each record's line. Skipped lines (empty, header) are left out."""
    b = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(b == NL)
    starts = np.concatenate(([0], newlines + 1)).astype(np.int64)
    ends = np.concatenate((newlines, [b.size])).astype(np.int64)
    cr = np.zeros(starts.size, dtype=bool)
    if b.size:
        cr = (ends > starts) & (b[np.maximum(ends - 1, 0)] == CR)
    stops = ends - cr
    commas = np.flatnonzero(b == COMMA)
    # Bytes that are neither digits, commas nor newlines (signs, points, spaces, CRs, garbage).
    odd = np.flatnonzero(((b - np.uint8(ZERO)) >= 10) & (b != COMMA) & (b != NL))
    first = np.searchsorted(commas, starts)
    n_commas = np.searchsorted(commas, stops) - first
    dirty = np.flatnonzero(np.searchsorted(odd, stops) > np.searchsorted(odd, starts))

    n = starts.size
    values = np.empty((n, FIELDS), dtype=np.int64)
    last = max(commas.size - 1, 0)
    for col in range(FIELDS):
        exists = n_commas >= col
        cs = starts if col == 0 else np.where(exists, commas[np.minimum(first + col - 1, last)] + 1 if commas.size else stops, stops)
        ce = np.where(n_commas > col, commas[np.minimum(first + col, last)] if commas.size else stops, stops)
        clean = exists & (ce > cs)
        # Only lines holding an odd byte need the per-column check.
        clean[dirty] &= np.searchsorted(odd, ce[dirty]) == np.searchsorted(odd, cs[dirty])
        values[:, col] = _column_values(b, cs, ce, clean & (ce - cs <= MAX_DIGITS))

    empty = stops == starts
    overlong = ends - starts > MAX_LINE_BYTES
    readable = ~overlong & (values[:, 3] >= 0)
    orbit = np.where(readable, values[:, 3], -1)
    head = np.where(readable, values[:, 0], -1)
    v = values
    record = readable & (n_commas == FIELDS - 1) & (v[:, [0, 1, 2, 4, 5]] >= 0).all(axis=1)
    record &= (v[:, 1] <= MAX_FPGA) & (v[:, 2] <= MAX_CHANNEL) & (v[:, 4] <= MAX_BX) & (v[:, 5] <= MAX_TDC)
    word = np.where(record, (v[:, 1] << 26) | (v[:, 2] << 17) | (v[:, 4] << 5) | v[:, 5], -1)

    keep = ~empty
    raw = data if isinstance(data, bytes) else bytes(data)
    for i in np.flatnonzero(~readable & ~overlong & (stops - starts == len(HEADER_BYTES))):
        if raw[starts[i] : stops[i]] == HEADER_BYTES:
            keep[i] = False
    return {"orbit": orbit[keep], "head": head[keep], "word": word[keep].astype(np.int32), "at": starts[keep]}


def parse_hits(
    values: list[bytes], partitions: np.ndarray, timestamps: np.ndarray | None = None, refs: list[int] | None = None
) -> dict[str, np.ndarray]:
    """Messages of the hits topic (docs/results-schema.md: whole lines each)
    and their Kafka partitions -> records with the partition of each and,
    given the messages' Kafka times, the time of each ("input_at"). Orbits
    come out extended, each message's lines in order from its orbit
    reference (`refs`, the orbitRef header; NO_ORBIT when absent), so the
    result does not depend on how messages were spread over partitions."""
    data = b"\n".join(values)
    # Message i starts at byte starts[i] of `data`: the lengths plus one separator each.
    lengths = np.fromiter((len(v) + 1 for v in values), dtype=np.int64, count=len(values))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if values else np.zeros(0, dtype=np.int64)
    rec = parse_text(data)
    message = np.searchsorted(starts, rec.pop("at"), side="right") - 1
    bounds = np.searchsorted(message, np.arange(len(values) + 1))
    for i in np.flatnonzero(np.diff(bounds)):
        s, e = bounds[i], bounds[i + 1]
        rec["orbit"][s:e] = extend_readable(rec["orbit"][s:e], refs[i] if refs else NO_ORBIT)[0]
    rec["partition"] = np.asarray(partitions, dtype=np.int32)[message]
    if timestamps is not None:
        rec["input_at"] = np.asarray(timestamps, dtype=np.int64)[message]
    return rec


# ---------------------------------------------------------------- .dat words


def decode_dat(content: bytes | bytearray | memoryview) -> dict[str, np.ndarray]:
    """A .dat file's bytes -> records (lib/detector/parse-dat.ts); a trailing
    partial word is one unreadable record (orbit -1)."""
    whole = len(content) - len(content) % WORD_BYTES
    w = np.frombuffer(content, dtype="<u8", count=whole // WORD_BYTES)
    lo = (w & np.uint64(0xFFFFFFFF)).astype(np.int64)
    channel = ((((w >> np.uint64(49)) & np.uint64(0x1FF)) + np.uint64(1)) & np.uint64(0x1FF)).astype(np.int64)
    # (lo - 1) & 0x1F on the low bits: a borrow from bit 5 leaves them as in 32-bit arithmetic.
    tdc = ((lo - 1) & 0x1F) + np.isin(channel, SHIFTED_TDC_CHANNELS).astype(np.int64)
    bx = ((w >> np.uint64(5)) & np.uint64(0xFFF)).astype(np.int64)
    orbit = ((w >> np.uint64(17)) & np.uint64(0xFFFFFFFF)).astype(np.int64)
    fpga = ((w >> np.uint64(58)) & np.uint64(0xF)).astype(np.int64)
    head = (w >> np.uint64(62)).astype(np.int64)
    # Only BX (4095 > 3563) and TDC (31 + 1 on the shifted channels) can leave their limits.
    in_range = (bx <= MAX_BX) & (tdc <= MAX_TDC)
    word = np.where(in_range, (fpga << 26) | (channel << 17) | (bx << 5) | tdc, -1)
    rec = {"orbit": orbit, "head": head, "word": word.astype(np.int32)}
    if whole < len(content):
        rec = {c: np.append(v, np.array([-1], dtype=v.dtype)) for c, v in rec.items()}
    return rec


# ---------------------------------------------------------------- files


def parse_file(name: str, content: bytes | bytearray | memoryview) -> dict[str, np.ndarray]:
    """A .dat or text file's records (orbit, head, word), by its name."""
    if name.lower().endswith(".dat"):
        return decode_dat(content)
    rec = parse_text(content)
    del rec["at"]
    return rec


# The batch mode's records: raw orbits with their steps (cosmo_stats/orbits.py)
# within their file, and per file one summary row (head SUMMARY_HEAD: orbit =
# first readable raw orbit or -1, p = p of the last one, pm = min of p), from
# which the driver chains the files in order.
FILE_RECORD_SCHEMA = "file int, orbit bigint, p bigint, pm bigint, head bigint, word int"
SUMMARY_HEAD = -2


def local_path(uri: str) -> str:
    """binaryFile's path column (a file: URI) as a local absolute path."""
    from urllib.parse import unquote, urlparse

    return os.path.normpath(unquote(urlparse(uri).path))


def file_records(order: list[str]):
    """mapInPandas over spark.read.format("binaryFile") (path, content), one
    row per file; `order`: the files' local paths in read order."""
    # Spark may name a file by another path to it (a symbolic link resolved): both are known.
    index = {os.path.normpath(f): i for i, f in enumerate(order)} | {os.path.realpath(f): i for i, f in enumerate(order)}

    def fn(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for pdf in batches:
            for name, content in zip(pdf["path"], pdf["content"]):
                rec = parse_file(name, content)
                orbit = rec["orbit"]
                readable = orbit >= 0
                p = np.zeros(orbit.size, dtype=np.int64)
                pm = np.zeros(orbit.size, dtype=np.int64)
                p[readable], pm[readable] = steps(orbit[readable])
                first = int(orbit[readable][0]) if readable.any() else -1
                last_p, min_p = (int(p[readable][-1]), int(pm[readable][-1])) if readable.any() else (0, 0)
                n = orbit.size + 1
                yield pd.DataFrame(
                    {
                        "file": np.full(n, index.get(local_path(name)) if local_path(name) in index else index[os.path.realpath(local_path(name))], dtype=np.int32),
                        "orbit": np.append(orbit, first),
                        "p": np.append(p, last_p),
                        "pm": np.append(pm, min_p),
                        "head": np.append(rec["head"], SUMMARY_HEAD),
                        "word": np.append(rec["word"], -1).astype(np.int32),
                    }
                )

    return fn
