"""Text lines and .dat words to the compact record columns (orbit, head, word).

One implementation of the text rules for every mode (stream, batch, local),
so they cannot diverge; the rules are those of lib/detector/parse-text.ts, in
its order:
  1. one trailing "\r" ignored; an empty line or the exact header is skipped;
  2. a line longer than MAX_LINE_BYTES, or without a 4th column holding an
     unsigned 32-bit integer, is unreadable (orbit -1: counted per run);
  3. HEAD is kept when it is an unsigned 32-bit integer (a non-valid HEAD is
     dropped by value whatever the other columns hold);
  4. exactly six unsigned integer columns within the field limits make a
     record (word >= 0); anything else is not a record (word -1).
"Unsigned integer" is base-10 digits only: no sign, space or exponent,
leading zeros allowed, value below 2^32.

parse_text works on a whole block of lines with numpy: the DAQ's lines (six
fields of digits) are read column by column over all lines at once, and only
the rare others (ancillary words with decimals, garbage, headers) go through
parse_text_line one by one. The streaming job parses each micro-batch in the
driver this way: a Spark SQL parse in the executors made every micro-batch
plan, generate and compile a large expression, which cost more than the
parse itself at the live rate.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from cosmo_stats.compute import MAX_BX, MAX_CHANNEL, MAX_FPGA, MAX_TDC, ORBIT_LIMIT

TEXT_HEADER = "HEAD,FPGA,TDC_CHANNEL,ORBIT_CNT,BX_COUNTER,TDC_MEAS"
# lib/detector/line-splitter.ts MAX_LINE_BYTES: bytes between two "\n", a "\r" included.
MAX_LINE_BYTES = 1 << 20
WORD_BYTES = 8
SHIFTED_TDC_CHANNELS = (137, 138)

RECORD_SCHEMA = "orbit bigint, head bigint, word int"

NL, CR, COMMA, ZERO = 10, 13, 44, 48
HEADER_BYTES = TEXT_HEADER.encode()
FIELDS = 6

# Ten digits hold every 32-bit value; a longer all-digit column (leading
# zeros) is rare enough to go through parse_text_line.
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
    too_long = np.zeros(n, dtype=bool)
    last = max(commas.size - 1, 0)
    for col in range(FIELDS):
        exists = n_commas >= col
        cs = starts if col == 0 else np.where(exists, commas[np.minimum(first + col - 1, last)] + 1 if commas.size else stops, stops)
        ce = np.where(n_commas > col, commas[np.minimum(first + col, last)] if commas.size else stops, stops)
        clean = exists & (ce > cs)
        # Only lines holding an odd byte need the per-column check.
        clean[dirty] &= np.searchsorted(odd, ce[dirty]) == np.searchsorted(odd, cs[dirty])
        too_long |= clean & (ce - cs > MAX_DIGITS)
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
    # Lines with a column of more than MAX_DIGITS digits, one at a time (latin1: one character per byte).
    for i in np.flatnonzero(too_long & ~empty & ~overlong):
        orbit[i], head[i], word[i] = parse_text_line(raw[starts[i] : ends[i]].decode("latin1"))
    return {"orbit": orbit[keep], "head": head[keep], "word": word[keep].astype(np.int32), "at": starts[keep]}


def parse_hits(values: list[bytes], partitions: np.ndarray, timestamps: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Messages of the hits topic (docs/results-schema.md: whole lines each)
    and their Kafka partitions -> records with the partition of each and,
    given the messages' Kafka times, the time of each ("input_at")."""
    data = b"\n".join(values)
    # Message i starts at byte starts[i] of `data`: the lengths plus one separator each.
    lengths = np.fromiter((len(v) + 1 for v in values), dtype=np.int64, count=len(values))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if values else np.zeros(0, dtype=np.int64)
    rec = parse_text(data)
    message = np.searchsorted(starts, rec.pop("at"), side="right") - 1
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


def parse_file_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """mapInPandas over spark.read.format("binaryFile") (path, content): one row per file."""
    for pdf in batches:
        for name, content in zip(pdf["path"], pdf["content"]):
            yield pd.DataFrame(parse_file(name, content))


# ---------------------------------------------------------------- one line

# The rules line by line, as written above: parse_text's path for the rare
# lines its columns cannot take (digit runs longer than MAX_DIGITS).


def _py_u32(s: str) -> int:
    if not s or not all("0" <= ch <= "9" for ch in s):
        return -1
    v = int(s)
    return v if v < ORBIT_LIMIT else -1


def parse_text_line(raw: str) -> tuple[int, int, int] | None:
    """(orbit, head, word) or None for a skipped line; orbit -1 if unreadable."""
    # raw is latin1-decoded: one character per byte, like the reference's splitter.
    if len(raw) > MAX_LINE_BYTES:
        return (-1, -1, -1)
    line = raw.removesuffix("\r")
    if line == "" or line == TEXT_HEADER:
        return None
    cols = line.split(",")
    orbit = _py_u32(cols[3]) if len(cols) > 3 else -1
    if orbit < 0:
        return (-1, -1, -1)
    head = _py_u32(cols[0])
    if len(cols) != 6:
        return (orbit, head, -1)
    _, fpga, channel, _, bx, tdc = (_py_u32(x) for x in cols)
    ok = head >= 0 and 0 <= fpga <= MAX_FPGA and 0 <= channel <= MAX_CHANNEL and 0 <= bx <= MAX_BX and 0 <= tdc <= MAX_TDC
    return (orbit, head, (fpga << 26) | (channel << 17) | (bx << 5) | tdc if ok else -1)
