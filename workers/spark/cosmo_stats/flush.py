"""End of input (and idle input): the statistics of the windows still open,
read from Spark's state store as of a committed micro-batch and computed in
the executors, without changing the state: a restart resumes as if the flush
had not happened and sends those windows again, complete, when they really
close (consumers keep the last message per window)."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from cosmo_stats.compute import Context
from cosmo_stats.records import UNREADABLE
from cosmo_stats.sink import OUTPUT_SCHEMA
from cosmo_stats.window_state import OPEN, unwindowed_message, window_message


def open_window_messages(ctx: Context):
    def fn(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        from cosmo_stats.records import unpack

        for pdf in batches:
            out = [window_message(ctx, int(r.window), unpack([(r.orbit, r.head, r.word)])) for r in pdf.itertuples()]
            if out:
                yield pd.DataFrame(out, columns=["key", "value"])

    return fn


def flush_messages(spark, checkpoint: str, ctx: Context, batch_id: int | None = None) -> list[tuple[str, str]]:
    """Every open window's message and the unreadable count, as of `batch_id`
    (default: the last committed micro-batch); only the unreadable count (0)
    when the query has no state yet."""
    from pyspark.errors import PySparkException
    from pyspark.sql import functions as F

    # The state source needs the state store coordinator, which the streaming
    # query manager starts; a job that has run no query yet has none.
    spark.streams.active  # noqa: B018
    reader = spark.read.format("statestore")
    if batch_id is not None:
        reader = reader.option("batchId", batch_id)
    try:
        state = reader.load(checkpoint).select(F.col("key.window").alias("window"), "value.groupState.*")
        unreadable = state.where(F.col("window") == UNREADABLE).select("n").collect()
        windows = state.where((F.col("window") >= 0) & (F.col("phase") == OPEN)).select("window", "orbit", "head", "word")
        rows = [(r.key, r.value) for r in windows.mapInPandas(open_window_messages(ctx), OUTPUT_SCHEMA).collect()]
    except PySparkException as e:
        # A query that has committed no micro-batch yet (nothing in the topic so far) has no state.
        if e.getCondition() != "STDS_COMMITTED_BATCH_UNAVAILABLE":
            raise
        unreadable, rows = [], []
    return sorted(rows, key=lambda kv: int(kv[0].rsplit(":", 1)[1])) + [unwindowed_message(ctx, int(unreadable[0].n) if unreadable else 0)]
