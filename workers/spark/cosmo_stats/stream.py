"""Stream mode: Kafka hits topic -> results topic, Structured Streaming.

Record-level work runs in executor tasks: parsing and grouping by window
(cosmo_stats/records.py, per Kafka partition) and the windows' state and
statistics (cosmo_stats/window_state.py, per state partition, in Spark's
RocksDB state store). The driver plans micro-batches and sends the finished
windows' messages, a fixed size each, whatever the number of records.

End of input (--available-now) closes every window: the windows still open
are sent after the last micro-batch, read from the state store
(cosmo_stats/flush.py), which is left as it was. A live job does the same
flush when its input has been idle for --idle-flush-ms, so the last windows
of a run that stopped producing are not held back."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import threading
import time

from cosmo_stats.compute import Context
from cosmo_stats.flush import flush_messages
from cosmo_stats.messages import sort_messages
from cosmo_stats.progress import ProgressLog, ProgressReporter
from cosmo_stats.records import RECORD_ROWS_SCHEMA, message_records
from cosmo_stats.session import spark_session, use_all_cores
from cosmo_stats.sink import ResultWriter
from cosmo_stats.source import hits_streams
from cosmo_stats.window_state import STATE_SCHEMA, WINDOW_OUTPUT_SCHEMA, window_updates


def run_checkpoint(base: str, run_id: str) -> str:
    return f"{base.rstrip('/')}/{re.sub(r'[^A-Za-z0-9._-]', '_', run_id)}"


def guard_checkpoint(spark, cp: str, ctx: Context) -> None:
    """A checkpoint's state only makes sense with the configuration that built it."""
    from pyspark.errors import PySparkException

    doc = {"runId": ctx.run_id, "config": ctx.config.to_json()}
    digest = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()
    meta = f"{cp}/cosmo-stats"
    try:
        written = spark.read.text(meta).first()
    except PySparkException:
        written = None
    if written is None:
        spark.createDataFrame([(json.dumps({**doc, "digest": digest}),)], "value string").coalesce(1).write.mode("overwrite").text(meta)
    elif json.loads(written.value).get("digest") != digest:
        raise SystemExit(f"checkpoint {cp} was written for another run id or detector configuration; use a new checkpoint")


def windows_query(spark, args, ctx: Context):
    from pyspark.sql import functions as F
    from pyspark.sql.streaming.state import GroupStateTimeout

    W = ctx.config.orbits_per_window
    max_jump = args.max_jump_orbits if args.max_jump_orbits is not None else 10 * W
    retention = args.retention_orbits if args.retention_orbits is not None else 10 * W
    rows = None
    for hits in hits_streams(spark, args):
        part = hits.mapInPandas(message_records(ctx, max_jump), RECORD_ROWS_SCHEMA)
        # The watermark is in orbits: a clock of orbit o is o milliseconds after the epoch.
        part = part.withColumn("clock", F.timestamp_millis("clock_orbit")).drop("clock_orbit")
        part = part.withWatermark("clock", f"{args.lateness_orbits} milliseconds")
        rows = part if rows is None else rows.unionByName(part)
    return (
        rows.groupBy("window")
        .applyInPandasWithState(window_updates(ctx, retention, args.tombstone_orbits), WINDOW_OUTPUT_SCHEMA, STATE_SCHEMA, "append", GroupStateTimeout.EventTimeTimeout)
    )


def run_stream(args, ctx: Context) -> None:
    for name in ("bootstrap", "hits_topic", "results_topic", "checkpoint"):
        if not getattr(args, name):
            raise SystemExit(f"--{name.replace('_', '-')} is required in stream mode")
    spark = spark_session(f"cosmo-stats {args.run_id}")
    use_all_cores(spark)
    cp = run_checkpoint(args.checkpoint, ctx.run_id)
    guard_checkpoint(spark, cp, ctx)

    progress_log = ProgressLog(args.progress_log)
    reporter = ProgressReporter(ctx.run_id)
    out = ResultWriter(spark, args.bootstrap, args.results_topic)
    # foreachBatch runs on a query thread; the idle flush runs on the main one.
    lock = threading.Lock()
    # Not flushed yet: a job restarted with no new input still sends, once
    # idle, the windows its killed predecessor held open.
    activity = {"last_input": time.time(), "flushed": False, "batch": None}

    def on_batch(batch_df, batch_id: int) -> None:
        with lock:
            t0 = time.perf_counter()
            rows = batch_df.collect()
            t1 = time.perf_counter()
            # The state partitions' outputs come in partition order; the results
            # topic (one partition) and its readers expect a run's windows in order.
            out.send(sort_messages([(r.key, r.value) for r in rows]))
            t2 = time.perf_counter()
            reporter.windows.extend((r.window, r.input_at) for r in rows if r.input_at)
            activity["batch"] = batch_id
            progress_log.batch({"batchId": batch_id, "messages": len(rows), "computeMs": round((t1 - t0) * 1000, 1), "writeMs": round((t2 - t1) * 1000, 1)})

    def flush(why: str) -> None:
        with lock:
            sent = flush_messages(spark, cp, ctx, activity["batch"])
            out.send(sent)
            activity["flushed"] = True
        print(f"cosmo-stats: {why}, flushed {len(sent) - 1} open window(s)", file=sys.stderr)

    writer = windows_query(spark, args, ctx).writeStream.foreachBatch(on_batch).option("checkpointLocation", cp).queryName(f"cosmo-stats-{re.sub(r'[^A-Za-z0-9_]', '_', ctx.run_id)}")
    writer = writer.trigger(availableNow=True) if args.available_now else writer.trigger(processingTime=f"{args.trigger_ms} milliseconds")
    query = writer.start()

    if args.available_now:
        query.awaitTermination()
        progress_log.write(query)
        flush("end of input")
        out.close()
        spark.stop()
        return

    deadline = time.time() + args.max_seconds if args.max_seconds else None
    while not query.awaitTermination(0.5):
        for update in progress_log.write(query):
            reporter.add(update)
            if update.get("numInputRows"):
                activity["last_input"], activity["flushed"] = time.time(), False
        with lock:
            report = reporter.message()
            if report:
                # A figure for the live view: a failed send is reported, never fatal.
                try:
                    out.send([report])
                except Exception as e:  # noqa: BLE001 - py4j raises its own types
                    print(f"cosmo-stats: progress message not sent: {str(e).splitlines()[0]}", file=sys.stderr)
        if args.idle_flush_ms and not activity["flushed"] and (time.time() - activity["last_input"]) * 1000 >= args.idle_flush_ms:
            flush("input idle")
        if deadline and time.time() >= deadline:
            query.stop()
            break
    progress_log.write(query)
    out.close()
    spark.stop()
