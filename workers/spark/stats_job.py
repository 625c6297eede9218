"""COSMO statistics job: per-window data-quality statistics of a MiniDT run.

Modes (all end in cosmo_stats.compute.compute_window on a window's complete
record set, so they give identical messages for the same input):

  stream  Kafka hits topic -> results topic, Structured Streaming. Spark
          reads (read_committed) and checkpoints the offsets; each
          micro-batch's messages go to the driver, which parses them
          (cosmo_stats/parse.py) and where cosmo_stats/run_state.py keeps the
          live windows and an event-time clock in orbits, persisted in the
          checkpoint folder by micro-batch id, and closes each window once
          the watermark passes its end.
          End of input (--available-now) closes every window: the windows
          still open are emitted after the last micro-batch. The persisted
          state is left as it was, so a later restart resumes as if that
          flush had not happened and re-emits those windows, complete, when
          they really close (consumers keep the last message per window).
          A live job does the same flush when its input has been idle for
          --idle-flush-ms, so the last windows of a run that stopped
          producing are not held back.
  batch   a .txt/.dat file or folder -> results topic or JSONL file, in
          Spark (whole files parsed in the executors by the same code); no
          clock: the end of input closes every window.
  local   batch without Spark (numpy only), a test oracle for compute_window.

Results: one JSON message per window (cosmo.window.v1, key "<runId>:<window>")
and the run's unreadable-line count (cosmo.unwindowed.v1, key
"<runId>:unwindowed"); docs/results-schema.md documents both.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from cosmo_stats.compute import Context, compute_window, unwindowed_result  # noqa: E402
from cosmo_stats.config import ConfigError, parse_config_json  # noqa: E402
from cosmo_stats.messages import sort_messages, to_json, unwindowed_key, window_key  # noqa: E402
from cosmo_stats.orbits import NO_ORBIT, extend_readable  # noqa: E402
from cosmo_stats.parse import parse_file  # noqa: E402

OUTPUT_SCHEMA = "key string, value string"


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="COSMO window statistics (stream, batch or local).")
    p.add_argument("--mode", choices=["stream", "batch", "local"], required=True)
    p.add_argument("--run-id", required=True)
    p.add_argument("--config-json", default="{}", help="detector configuration (lib/detector/config.ts), JSON; defaults filled in")
    p.add_argument("--bootstrap", help="Kafka bootstrap servers")
    p.add_argument("--hits-topic", help="stream: topic of text-line chunks")
    p.add_argument("--results-topic", help="stream: output topic; batch: default output")
    p.add_argument("--checkpoint", help="stream: base folder; the run's checkpoint is <checkpoint>/<runId>")
    p.add_argument("--trigger-ms", type=int, default=200, help="stream: micro-batch interval")
    p.add_argument("--starting-offsets", default="earliest", help="stream: where a new checkpoint starts reading")
    p.add_argument("--max-offsets-per-trigger", type=int, help="stream: cap on Kafka messages per micro-batch")
    p.add_argument("--available-now", action="store_true", help="stream: process the available input, close every window, exit")
    # Records are nearly in time order: the two FPGAs interleave by tens to a
    # few hundred orbits (48 in the real excerpt, 100 by the generator's
    # default). 1,000 orbits (89 ms) covers that with margin; the delay adds
    # to every window's latency (2,000 orbits were 178 ms of a 0.55 s median
    # from last record to database at 1,000 records/s). Later data is still
    # merged and the window sent again, see --retention-orbits.
    p.add_argument("--lateness-orbits", type=int, default=1_000, help="stream: watermark delay, in orbits")
    p.add_argument("--retention-orbits", type=int, help="stream: how long a closed window absorbs late records (default 10 windows)")
    p.add_argument(
        "--tombstone-orbits",
        type=int,
        default=24 * 3600 * 11_223,
        help="stream: how long an expired window still refuses late records (default a day of orbits)",
    )
    p.add_argument("--max-jump-orbits", type=int, help="stream: orbits beyond a batch's median that do not move the clock (default 10 windows)")
    p.add_argument("--snapshot-every", type=int, default=50, help="stream: full state snapshot every this many micro-batches")
    p.add_argument("--idle-flush-ms", type=int, default=3_000, help="stream: flush open windows after this much idle input (0: never)")
    p.add_argument("--progress-log", help="stream: append each micro-batch's progress (JSON) to this file")
    p.add_argument("--max-seconds", type=float, help="stream: stop after this long (tests, benchmarks)")
    p.add_argument("--input", help="batch/local: a .txt or .dat file, or a folder of them")
    p.add_argument("--output", help="batch/local: a results topic, or a .jsonl path (a value with '/' or ending in .jsonl)")
    return p.parse_args(argv)


def is_file_output(output: str) -> bool:
    return "/" in output or output.endswith(".jsonl")


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


def write_jsonl(path: str, messages: list[tuple[str, str]]) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = f"{path}.tmp"
    with open(tmp, "w") as f:
        f.writelines(value + "\n" for _, value in messages)
    os.replace(tmp, path)


def emit_static(args, rows: list[tuple[str, str]], spark) -> None:
    output = args.output or args.results_topic
    if not output:
        raise SystemExit("--output (or --results-topic) is required")
    rows = sort_messages(rows)
    if is_file_output(output):
        write_jsonl(output, rows)
    else:
        if spark is None:
            raise SystemExit("--mode local writes files only")
        kafka_write(spark, rows, args.bootstrap, output)
    print(f"cosmo-stats: {len(rows)} message(s) to {output}", file=sys.stderr)


# ------------------------------------------------------------------ local


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


# ------------------------------------------------------------------ Spark


def spark_session(app_name: str):
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.appName(app_name)
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        # The default manager renames each offset and commit log file through
        # Hadoop's FileContext, which forks a `readlink` process on a local
        # disk: 60 to 100 ms per micro-batch on the 2-core target. The
        # FileSystem one renames in-process, atomically on a local disk.
        .config("spark.sql.streaming.checkpointFileManagerClass", "org.apache.spark.sql.execution.streaming.checkpointing.FileSystemBasedCheckpointFileManager")
        # Every query execution (two per micro-batch) renders its plan for the
        # SQL tab; the default "formatted" rendering is a sizeable part of a
        # small micro-batch's driver time, the plain tree a fraction of it.
        .config("spark.sql.ui.explainMode", "simple")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")
    # Executors import cosmo_stats by name (cloudpickle pickles module
    # functions by reference), so ship the package with the job.
    zpath = os.path.join(tempfile.mkdtemp(prefix="cosmo-stats-"), "cosmo_stats.zip")
    with zipfile.ZipFile(zpath, "w") as z:
        pkg = os.path.join(HERE, "cosmo_stats")
        for f in sorted(os.listdir(pkg)):
            if f.endswith(".py"):
                z.write(os.path.join(pkg, f), f"cosmo_stats/{f}")
    spark.sparkContext.addPyFile(zpath)
    return spark


def kafka_write(spark, rows: list[tuple[str, str]], bootstrap: str, topic: str) -> None:
    if not bootstrap:
        raise SystemExit("--bootstrap is required to write to Kafka")
    import pandas as pd

    # One partition: the messages reach the topic in the order given.
    df = spark.createDataFrame(pd.DataFrame(rows, columns=["key", "value"]), OUTPUT_SCHEMA).coalesce(1)
    df.write.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("topic", topic).save()


class ResultWriter:
    """Sends result messages from the driver. A few messages (the usual
    micro-batch: a window closing) go through a Kafka producer in the driver's
    JVM, the connector's own kafka-clients: tens of milliseconds, where a
    DataFrame write is a Spark job of a few hundred. Many messages (a replay)
    go as a DataFrame write, since every producer call crosses py4j."""

    SMALL = 16

    def __init__(self, spark, bootstrap: str, topic: str):
        self.spark, self.bootstrap, self.topic = spark, bootstrap, topic
        self.producer = None

    def _producer(self):
        if self.producer is None:
            jvm = self.spark.sparkContext._jvm
            props = jvm.java.util.Properties()
            props.put("bootstrap.servers", self.bootstrap)
            props.put("acks", "all")
            props.put("enable.idempotence", "true")
            ser = jvm.org.apache.kafka.common.serialization.StringSerializer()
            self.producer = (jvm.org.apache.kafka.clients.producer.KafkaProducer(props, ser, ser), jvm.org.apache.kafka.clients.producer.ProducerRecord)
        return self.producer

    def send(self, messages: list[tuple[str, str]]) -> None:
        if not messages:
            return
        if len(messages) > self.SMALL:
            kafka_write(self.spark, messages, self.bootstrap, self.topic)
            return
        producer, record = self._producer()
        futures = [producer.send(record(self.topic, key, value)) for key, value in messages]
        producer.flush()
        # get() raises the send's error, if any, so that a failure fails the batch.
        for f in futures:
            f.get()

    def close(self) -> None:
        if self.producer is not None:
            self.producer[0].close()
            self.producer = None


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


def run_checkpoint_dir(base: str, run_id: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", run_id)
    return os.path.join(base, safe)


def guard_checkpoint(cp: str, ctx: Context) -> None:
    """A checkpoint's state only makes sense with the configuration that built it."""
    os.makedirs(cp, exist_ok=True)
    meta = os.path.join(cp, "cosmo-stats.json")
    doc = {"runId": ctx.run_id, "config": ctx.config.to_json()}
    digest = hashlib.sha256(json.dumps(doc, sort_keys=True).encode()).hexdigest()
    if os.path.exists(meta):
        with open(meta) as f:
            if json.load(f).get("digest") != digest:
                raise SystemExit(f"checkpoint {cp} was written for another run id or detector configuration; use a new checkpoint")
    else:
        with open(meta, "w") as f:
            json.dump({**doc, "digest": digest}, f)


class ProgressLog:
    """Micro-batch progress as JSON lines, for benchmarks (batch durations, rates).

    Each call converts only the updates not written yet, newest first from
    the query's recent list (pyspark's recentProgress converts all of them,
    a hundred JSON round trips through py4j every half second, which cost the
    driver more than a micro-batch). An update is known by its timestamp: an
    idle query reports the id of the batch it will run next, and that batch
    reports the same id again when it runs."""

    def __init__(self, path: str | None):
        self.path = path
        self.newest: str | None = None
        self.timings: dict[int, dict] = {}

    def write(self, query) -> list[dict]:
        """Appends the updates not seen yet to the file (if any) and answers with them, oldest first."""
        recent = query._jsq.recentProgress()
        new = []
        for i in range(len(recent) - 1, -1, -1):
            if recent[i].timestamp() == self.newest:
                break
            new.append(recent[i])
        if not new:
            return []
        self.newest = new[0].timestamp()
        updates = [json.loads(p.json()) for p in reversed(new)]
        if self.path:
            with open(self.path, "a") as f:
                for progress in updates:
                    ran = "addBatch" in progress.get("durationMs", {})
                    f.write(json.dumps({**progress, "cosmo": self.timings.pop(progress["batchId"], None) if ran else None}) + "\n")
        return updates

    def batch(self, timing: dict) -> None:
        """The job's own split of a micro-batch, added to Spark's progress line of that batch."""
        if self.path:
            self.timings[timing["batchId"]] = timing


def kafka_lag(progress: dict) -> int | None:
    """Offsets available to a micro-batch but not read by it, summed over the partitions; None when not reported."""
    try:
        source = progress["sources"][0]
        latest, end = source["latestOffset"], source["endOffset"]
        if isinstance(latest, str):
            latest, end = json.loads(latest), json.loads(end)
        return sum(max(0, int(off) - int(end.get(topic, {}).get(p, off))) for topic, parts in latest.items() for p, off in parts.items())
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return None


class ProgressReporter:
    """The job's cosmo.progress.v1 messages (docs/results-schema.md): Spark's
    micro-batch times and Kafka lag, and the windows closed with the Kafka time
    of their last record, for the live view's pipeline strip. At most one a
    second, and none while nothing happens."""

    EVERY_S = 1.0

    def __init__(self, run_id: str):
        from collections import deque

        self.run_id = run_id
        self.durations = deque(maxlen=20)
        self.batches = 0
        self.lag: int | None = None
        self.windows: list[tuple[int, int]] = []
        self.sent_at = 0.0

    def add(self, progress: dict) -> None:
        durations = progress.get("durationMs", {})
        if "addBatch" not in durations or not progress.get("numInputRows"):
            return
        self.durations.append(float(durations.get("triggerExecution", 0)))
        self.batches += 1
        self.lag = kafka_lag(progress)

    def message(self) -> tuple[str, str] | None:
        now = time.time()
        if not self.durations or not (self.batches or self.windows) or now - self.sent_at < self.EVERY_S:
            return None
        ordered = sorted(self.durations)
        body = {
            "schema": "cosmo.progress.v1",
            "runId": self.run_id,
            "at": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) + f".{int(now * 1000) % 1000:03d}Z",
            "batches": self.batches,
            "batchMs": round(self.durations[-1], 1),
            "batchP50Ms": round(ordered[(len(ordered) - 1) // 2], 1),
            "kafkaLagOffsets": self.lag,
            "windows": [{"window": w, "inputAt": t} for w, t in self.windows],
        }
        self.batches, self.windows, self.sent_at = 0, [], now
        return f"{self.run_id}:progress", to_json(body)


def orbit_ref(text: str | None) -> int:
    """An orbitRef header's value; NO_ORBIT when absent or not a plain number
    (a header from another producer must not stop the job)."""
    if text is None or not (0 < len(text) <= 16 and text.isascii() and text.isdigit()):
        return NO_ORBIT
    return int(text)


def run_stream(args, ctx: Context) -> None:
    import threading

    from cosmo_stats.parse import parse_hits
    from cosmo_stats.run_state import RunState, StateStore

    for name in ("bootstrap", "hits_topic", "results_topic", "checkpoint"):
        if not getattr(args, name):
            raise SystemExit(f"--{name.replace('_', '-')} is required in stream mode")
    cp = run_checkpoint_dir(args.checkpoint, ctx.run_id)
    guard_checkpoint(cp, ctx)
    W = ctx.config.orbits_per_window

    def new_state() -> RunState:
        return RunState(
            ctx,
            lateness=args.lateness_orbits,
            retention=args.retention_orbits if args.retention_orbits is not None else 10 * W,
            tombstone=args.tombstone_orbits,
            max_jump=args.max_jump_orbits if args.max_jump_orbits is not None else 10 * W,
        )

    store = StateStore(os.path.join(cp, "cosmo-state"), every=args.snapshot_every)
    spark = spark_session(f"cosmo-stats {args.run_id}")

    reader = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap)
        .option("subscribe", args.hits_topic)
        .option("startingOffsets", args.starting_offsets)
        # The buffer worker writes transactionally: never read aborted chunks.
        .option("kafka.isolation.level", "read_committed")
        # A fetch that reaches the end of a partition otherwise waits the
        # broker's default 500 ms for more data, on every micro-batch.
        .option("kafka.fetch.max.wait.ms", "10")
    )
    if args.max_offsets_per_trigger:
        reader = reader.option("maxOffsetsPerTrigger", args.max_offsets_per_trigger)
    # The messages as they are: the driver parses them (cosmo_stats/parse.py).
    # The Kafka partition rides along: the clock follows the slowest partition.
    # Each message's Kafka time rides along too, for the window latency the live view shows.
    from pyspark.sql import functions as F

    # The orbitRef header (docs/results-schema.md) rides along: each message's lines are extended from it.
    reader = reader.option("includeHeaders", "true")
    ref = F.expr("try_element_at(filter(headers, h -> h.key = 'orbitRef'), 1).value").cast("string")
    hits = reader.load().select("partition", F.expr("unix_millis(timestamp)").alias("ts"), "value", ref.alias("orbit_ref"))

    progress_log = ProgressLog(args.progress_log)
    reporter = ProgressReporter(ctx.run_id)
    out = ResultWriter(spark, args.bootstrap, args.results_topic)
    # foreachBatch runs on a query thread; the idle flush runs on the main one.
    lock = threading.Lock()
    loaded = {"next": None, "state": new_state()}
    # Not flushed yet: a job restarted with no new input still sends, once
    # idle, the windows its killed predecessor held open (no micro-batch runs
    # when Kafka has nothing new, so nothing else would send them).
    activity = {"last_input": time.time(), "flushed": False}

    def on_batch(batch_df, batch_id: int) -> None:
        with lock:
            if loaded["next"] != batch_id:
                # First batch of this process, or Spark re-runs a batch: the
                # state as it was after batch_id - 1.
                loaded["state"] = new_state()
                replayed = store.load(loaded["state"], before=batch_id)
                print(f"cosmo-stats: state restored before batch {batch_id} ({replayed} batch(es) replayed)", file=sys.stderr)
            state = loaded["state"]
            t0 = time.perf_counter()
            # A plain collect: a live micro-batch is a few messages, for which
            # toArrow's extra Arrow conversion and stream cost more than it saves.
            rows = batch_df.collect()
            refs = [orbit_ref(r.orbit_ref) for r in rows]
            rec = parse_hits([bytes(r.value) for r in rows], [r.partition for r in rows], [r.ts for r in rows], refs)
            input_at = rec.pop("input_at")
            t1 = time.perf_counter()
            messages = state.process(rec, input_at)
            t2 = time.perf_counter()
            out.send(messages)
            t3 = time.perf_counter()
            store.save(state, batch_id, rec)
            t4 = time.perf_counter()
            loaded["next"] = batch_id + 1
            reporter.windows.extend(state.take_closed_inputs())
            timing = {"batchId": batch_id, "records": int(rec["orbit"].size), "messages": len(messages)}
            for name, a, b in (("collectMs", t0, t1), ("processMs", t1, t2), ("writeMs", t2, t3), ("saveMs", t3, t4)):
                timing[name] = round((b - a) * 1000, 1)
            progress_log.batch(timing)
            if rec["orbit"].size:
                activity["last_input"], activity["flushed"] = time.time(), False

    def flush(why: str, idle_ms: int = 0) -> None:
        with lock:
            # Checked under the lock: a micro-batch that held it meanwhile (a
            # slow one, on a loaded machine) had input, so the windows are not idle.
            if idle_ms and (activity["flushed"] or (time.time() - activity["last_input"]) * 1000 < idle_ms):
                return
            if loaded["next"] is None:
                # No micro-batch in this process yet: the persisted state, as
                # the available-now exit does. A batch Spark re-runs later
                # restores its own starting state, so nothing counts twice.
                store.load(loaded["state"], before=1 << 62)
            sent = loaded["state"].flush()
            out.send(sent)
            activity["flushed"] = True
        print(f"cosmo-stats: {why}, flushed {len(sent) - 1} open window(s)", file=sys.stderr)

    writer = (
        hits.writeStream.foreachBatch(on_batch)
        .option("checkpointLocation", cp)
        .queryName(f"cosmo-stats-{re.sub(r'[^A-Za-z0-9_]', '_', ctx.run_id)}")
    )
    writer = writer.trigger(availableNow=True) if args.available_now else writer.trigger(processingTime=f"{args.trigger_ms} milliseconds")
    query = writer.start()

    if args.available_now:
        query.awaitTermination()
        progress_log.write(query)
        # No batch ran (nothing new in the topic): flush loads the persisted state.
        flush("end of input")
        out.close()
        spark.stop()
        return

    deadline = time.time() + args.max_seconds if args.max_seconds else None
    while not query.awaitTermination(0.5):
        for update in progress_log.write(query):
            reporter.add(update)
        with lock:
            report = reporter.message()
            if report:
                # A figure for the live view: a failed send is reported, never fatal.
                try:
                    out.send([report])
                except Exception as e:  # noqa: BLE001 - py4j raises its own types
                    print(f"cosmo-stats: progress message not sent: {str(e).splitlines()[0]}", file=sys.stderr)
        idle_ms = (time.time() - activity["last_input"]) * 1000
        if args.idle_flush_ms and not activity["flushed"] and idle_ms >= args.idle_flush_ms:
            flush("input idle", args.idle_flush_ms)
        if deadline and time.time() >= deadline:
            query.stop()
            break
    progress_log.write(query)
    out.close()
    spark.stop()


def main(argv=None) -> None:
    args = parse_args(argv)
    try:
        ctx = Context(parse_config_json(args.config_json), args.run_id)
    except (ConfigError, json.JSONDecodeError) as e:
        raise SystemExit(f"--config-json: {e}")
    if args.mode == "local":
        run_local(args, ctx)
    elif args.mode == "batch":
        run_batch(args, ctx)
    else:
        run_stream(args, ctx)


if __name__ == "__main__":
    main()
