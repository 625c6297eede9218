"""Lines and .dat words to the compact record columns (orbit, head, word).

Text is parsed with Spark SQL expressions so it stays in the JVM (no Python
per line); the rules are those of lib/detector/parse-text.ts, in its order:
  1. one trailing "\r" ignored; an empty line or the exact header is skipped;
  2. a line longer than MAX_LINE_BYTES, or without a 4th column holding an
     unsigned 32-bit integer, is unreadable (orbit -1: counted per run);
  3. HEAD is kept when it is an unsigned 32-bit integer (a non-valid HEAD is
     dropped by value whatever the other columns hold);
  4. exactly six unsigned integer columns within the field limits make a
     record (word >= 0); anything else is not a record (word -1).
"Unsigned integer" is base-10 digits only: no sign, space or exponent,
leading zeros allowed, value below 2^32.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy as np
import pandas as pd

from cosmo_stats.compute import MAX_BX, MAX_CHANNEL, MAX_FPGA, MAX_TDC, ORBIT_LIMIT

TEXT_HEADER = "HEAD,FPGA,TDC_CHANNEL,ORBIT_CNT,BX_COUNTER,TDC_MEAS"
# lib/detector/line-splitter.ts MAX_LINE_BYTES: bytes between two "\n", a "\r" included.
MAX_LINE_BYTES = 1 << 20
WORD_BYTES = 8
SHIFTED_TDC_CHANNELS = (137, 138)

RECORD_SCHEMA = "orbit bigint, head bigint, word int"


# ---------------------------------------------------------------- Spark SQL


# Six plain fields of 1-10 digits: the common case, recognised by one regular
# expression so that only the other lines pay the per-column digit checks.
SIMPLE_LINE = r"^[0-9]{1,10},[0-9]{1,10},[0-9]{1,10},[0-9]{1,10},[0-9]{1,10},[0-9]{1,10}\z"


def parse_text_lines(lines, raw: str = "raw", keep: tuple[str, ...] = ()):
    """A DataFrame with one text line per row in column `raw` -> orbit, head,
    word (after the columns named in `keep`, passed through).

    Skipped lines (empty, header) are removed; unreadable ones have orbit -1.
    """
    from pyspark.sql import functions as F

    r = F.col(raw)
    line = F.when(r.endswith("\r"), F.expr(f"substring(`{raw}`, 1, char_length(`{raw}`) - 1)")).otherwise(r)
    df = lines.select(*keep, r.alias("_raw"), line.alias("_line"))
    df = df.where((F.col("_line") != F.lit("")) & (F.col("_line") != F.lit(TEXT_HEADER)))
    df = df.select(
        *keep,
        F.octet_length("_raw").alias("_bytes"),
        F.split("_line", ",", -1).alias("_c"),
        F.col("_line").rlike(SIMPLE_LINE).alias("_simple"),
    )
    c, simple = F.col("_c"), F.col("_simple")

    def digits(i):
        # F.get: NULL past the end instead of the ANSI-mode error of c[i].
        x = F.get(c, i)
        # "Digits only", then the value (NULL when not digits, or too long for
        # a bigint: try_cast). Spark's cast alone would also accept signs,
        # spaces and decimals. The 2^32 bound is checked below.
        return F.when(simple, x.cast("bigint")).when((F.length(x) > 0) & (F.translate(x, "0123456789", "") == F.lit("")), x.try_cast("bigint"))

    df = df.select(*keep, "_bytes", F.size(c).alias("_n"), *[digits(i).alias(f"_v{i}") for i in range(6)])
    v = [F.col(f"_v{i}") for i in range(6)]
    n = F.col("_n")

    def u32(x):
        return x.isNotNull() & (x < F.lit(ORBIT_LIMIT))

    orbit = F.when((F.col("_bytes") <= MAX_LINE_BYTES) & (n > 3) & u32(v[3]), v[3]).otherwise(F.lit(-1).cast("bigint"))
    head = F.when((F.col("_bytes") <= MAX_LINE_BYTES) & (n > 3) & u32(v[3]) & u32(v[0]), v[0]).otherwise(F.lit(-1).cast("bigint"))
    is_record = (
        (n == 6)
        & u32(v[0])
        & v[1].between(0, MAX_FPGA)
        & v[2].between(0, MAX_CHANNEL)
        & v[4].between(0, MAX_BX)
        & v[5].between(0, MAX_TDC)
    )
    word = F.when(is_record, F.shiftleft(v[1], 26).bitwiseOR(F.shiftleft(v[2], 17)).bitwiseOR(F.shiftleft(v[4], 5)).bitwiseOR(v[5]))
    return df.select(*keep, orbit.alias("orbit"), head.alias("head"), word.otherwise(-1).cast("int").alias("word"))


# ---------------------------------------------------------------- .dat words


def decode_dat(content: bytes) -> pd.DataFrame:
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
    out = pd.DataFrame({"orbit": orbit, "head": head, "word": word.astype(np.int32)})
    if whole < len(content):
        out = pd.concat([out, pd.DataFrame({"orbit": [-1], "head": [-1], "word": np.array([-1], dtype=np.int32)})], ignore_index=True)
    return out


def decode_dat_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """mapInPandas over spark.read.format("binaryFile"): one row per file."""
    for pdf in batches:
        for content in pdf["content"]:
            yield decode_dat(bytes(content))


# ---------------------------------------------------------------- pure Python

# The same rules without Spark, for the --mode local oracle (tests of
# compute_window against the TypeScript reference in milliseconds).


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


def parse_text_file(path: str) -> Iterable[tuple[int, int, int]]:
    with open(path, "rb") as f:
        for raw in f.read().split(b"\n"):
            parsed = parse_text_line(raw.decode("latin1"))
            if parsed is not None:
                yield parsed
