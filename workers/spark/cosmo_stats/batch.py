"""Batch and local modes: whole .txt/.dat files, no clock; the end of input
closes every window. Batch parses the files in the executors (one task per
file) and computes each window in the executors; local is the same without
Spark (numpy only), a test oracle for compute_window."""

from __future__ import annotations

import os
import sys
import time

from cosmo_stats.compute import Context, compute_window, unwindowed_result
from cosmo_stats.messages import to_json, unwindowed_key, window_key
from cosmo_stats.orbits import NO_ORBIT, extend_readable
from cosmo_stats.parse import parse_file
from cosmo_stats.session import spark_session
from cosmo_stats.sink import OUTPUT_SCHEMA, emit_static


def input_files(path: str) -> tuple[list[str], list[str]]:
    """(.txt files, .dat files) under `path`, sorted; any other file is an error, like the reference's scanner."""
    if os.path.isdir(path):
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs if not f.startswith("."))
    elif os.path.isfile(path):
        files = [path]
    else:
        raise SystemExit(f"--input {path}: no such file or folder")
    txt = [f for f in files if f.lower().endswith(".txt")]
    dat = [f for f in files if f.lower().endswith(".dat")]
    other = [f for f in files if f not in txt and f not in dat]
    if other:
        raise SystemExit(f"--input: unknown data format for {other[0]} (use .txt or .dat files)")
    return txt, dat


def read_order(txt: list[str], dat: list[str]) -> list[str]:
    """The files as a run reads objects: by name (S3 key order), .txt and .dat alike."""
    return sorted(os.path.abspath(f) for f in txt + dat)


def run_local(args, ctx: Context) -> None:
    import numpy as np

    txt, dat = input_files(args.input)
    parts = []
    orbit = NO_ORBIT
    # In name order, carrying the extended orbit from file to file, as a run reads objects.
    for f in read_order(txt, dat):
        with open(f, "rb") as fh:
            rec = parse_file(f, fh.read())
        rec["orbit"], orbit = extend_readable(rec["orbit"], orbit)
        parts.append(rec)
    rec = {k: np.concatenate([p[k] for p in parts]).astype(np.int64) for k in ("orbit", "head", "word")}
    readable = rec["orbit"] >= 0
    windows = rec["orbit"][readable] // ctx.config.orbits_per_window
    out = []
    for w in np.unique(windows):
        sel = readable.copy()
        sel[readable] = windows == w
        out.append((window_key(ctx.run_id, int(w)), to_json(compute_window({k: v[sel] for k, v in rec.items()}, ctx, int(w)))))
    out.append((unwindowed_key(ctx.run_id), to_json(unwindowed_result(ctx.run_id, int(np.count_nonzero(~readable))))))
    emit_static(args, out, spark=None)


def with_window(df, ctx: Context):
    from pyspark.sql import functions as F

    w = ctx.config.orbits_per_window
    # Same double division as the reference's Math.floor(orbit / W).
    window = F.when(F.col("orbit") >= 0, F.floor(F.col("orbit") / F.lit(w))).otherwise(F.lit(-1)).cast("bigint")
    return df.select(window.alias("window"), "orbit", "head", "word")


def window_stats_by_partition(ctx: Context):
    """mapInPandas over records sorted by window within each partition: one
    Python call per Arrow batch instead of per window (per-group calls of
    applyInPandas cost milliseconds each, which dominates at 1,000 windows a file)."""

    def fn(batches):
        import numpy as np
        import pandas as pd

        current, parts = None, []

        def done(w, parts):
            rec = {c: np.concatenate([p[c] for p in parts]) for c in ("orbit", "head", "word")}
            return window_key(ctx.run_id, int(w)), to_json(compute_window(rec, ctx, int(w)))

        for pdf in batches:
            out = []
            win = pdf["window"].to_numpy()
            cols = {c: pdf[c].to_numpy() for c in ("orbit", "head", "word")}
            cuts = np.flatnonzero(np.diff(win)) + 1
            for s, e in zip(np.concatenate(([0], cuts)), np.concatenate((cuts, [win.size]))):
                if s == e:
                    continue
                if current is not None and win[s] != current:
                    out.append(done(current, parts))
                    parts = []
                current = win[s]
                parts.append({c: v[s:e] for c, v in cols.items()})
            if out:
                yield pd.DataFrame(out, columns=["key", "value"])
        if current is not None:
            yield pd.DataFrame([done(current, parts)], columns=["key", "value"])

    return fn


def file_starts(summaries) -> dict[int, int]:
    """Per file index, the unbounded extended orbit of its first readable
    record (cosmo_stats/orbits.py), chaining the files in order from the
    summary rows (file, orbit = first raw orbit, p = last p, pm = min p)."""
    from cosmo_stats.orbits import finish, first_unbounded

    starts: dict[int, int] = {}
    ref = NO_ORBIT
    for s in sorted(summaries, key=lambda s: s.file):
        if s.orbit < 0:
            continue
        starts[s.file] = first_unbounded(ref, s.orbit)
        ref = int(finish(starts[s.file], s.p, s.pm))
    return starts


def extended_records(spark, records):
    """(orbit, head, word) with extended orbits from the batch mode's file
    records: the per-file steps plus each file's start, computed in the driver."""
    import pandas as pd
    from pyspark.sql import functions as F

    from cosmo_stats.orbits import WRAP
    from cosmo_stats.parse import SUMMARY_HEAD

    summaries = records.where(F.col("head") == SUMMARY_HEAD).select("file", "orbit", "p", "pm").collect()
    starts = file_starts(summaries)
    table = spark.createDataFrame(pd.DataFrame({"file": list(starts), "c0": list(starts.values())}, dtype="int64"), "file int, c0 bigint")
    base = F.col("c0") + F.col("pm")
    # finish() of cosmo_stats/orbits.py; shiftright is floor division by 2^32, also below 0.
    lift = F.greatest(F.lit(0).cast("bigint"), -F.shiftright(base, 32))
    extended = F.col("c0") + F.col("p") + F.lit(WRAP) * lift
    return (
        records.where(F.col("head") != SUMMARY_HEAD)
        .join(F.broadcast(table), "file", "left")
        .select(F.when(F.col("orbit") >= 0, extended).otherwise(F.lit(-1)).cast("bigint").alias("orbit"), "head", "word")
    )


def run_batch(args, ctx: Context) -> None:
    from pyspark.sql import functions as F

    from cosmo_stats.parse import FILE_RECORD_SCHEMA, file_records

    if not args.input:
        raise SystemExit("--input is required in batch mode")
    txt, dat = input_files(args.input)
    if not txt and not dat:
        raise SystemExit(f"--input {args.input}: no .txt or .dat file")
    spark = spark_session(f"cosmo-stats batch {args.run_id}")
    started = time.time()
    # Whole files (one row each), parsed by the same code as the stream's micro-batches.
    order = read_order(txt, dat)
    files = spark.read.format("binaryFile").load(order).select("path", "content")
    parsed = files.mapInPandas(file_records(order), FILE_RECORD_SCHEMA).cache()
    records = with_window(extended_records(spark, parsed), ctx).cache()
    parts = int(spark.conf.get("spark.sql.shuffle.partitions"))
    windows = (
        records.where(F.col("window") >= 0)
        .repartition(parts, "window")
        .sortWithinPartitions("window")
        .mapInPandas(window_stats_by_partition(ctx), OUTPUT_SCHEMA)
    )
    rows = [(r.key, r.value) for r in windows.collect()]
    unreadable = records.where(F.col("window") < 0).count()
    rows.append((unwindowed_key(ctx.run_id), to_json(unwindowed_result(ctx.run_id, unreadable))))
    emit_static(args, rows, spark)
    print(f"cosmo-stats: batch of {len(rows) - 1} window(s) in {time.time() - started:.2f} s", file=sys.stderr)
    spark.stop()
