"""The Spark session every mode of the job runs in."""

from __future__ import annotations

import os
import sys
import tempfile
import zipfile

PACKAGE = os.path.dirname(os.path.abspath(__file__))

# Spark keeps the streaming state (the open windows' records) in RocksDB, off
# the JVM heap, and writes only each micro-batch's changes to the checkpoint
# (changelog checkpointing) instead of a full snapshot per commit.
ROCKSDB = "org.apache.spark.sql.execution.streaming.state.RocksDBStateStoreProvider"


def spark_session(app_name: str):
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.appName(app_name)
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.streaming.stateStore.providerClass", ROCKSDB)
        .config("spark.sql.streaming.stateStore.rocksdb.changelogCheckpointing.enabled", "true")
        # The default manager renames each offset and commit log file through
        # Hadoop's FileContext, which forks a `readlink` process on a local
        # disk: 60 to 100 ms per micro-batch on the 2-core target. The
        # FileSystem one renames in-process, atomically on a local disk.
        .config("spark.sql.streaming.checkpointFileManagerClass", "org.apache.spark.sql.execution.streaming.checkpointing.FileSystemBasedCheckpointFileManager")
        # Every query execution renders its plan for the SQL tab; the default
        # "formatted" rendering is a sizeable part of a small micro-batch's
        # driver time, the plain tree a fraction of it.
        .config("spark.sql.ui.explainMode", "simple")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")
    # The application's UI and REST API (stages, executors, timings) for
    # whoever investigates a slow job; WARN hides Spark's own line saying it.
    if spark.sparkContext.uiWebUrl:
        print(f"cosmo-stats: Spark UI at {spark.sparkContext.uiWebUrl}", file=sys.stderr)
    # Executors import cosmo_stats by name (cloudpickle pickles module
    # functions by reference), so ship the package with the job.
    zpath = os.path.join(tempfile.mkdtemp(prefix="cosmo-stats-"), "cosmo_stats.zip")
    with zipfile.ZipFile(zpath, "w") as z:
        for f in sorted(os.listdir(PACKAGE)):
            if f.endswith(".py"):
                z.write(os.path.join(PACKAGE, f), f"cosmo_stats/{f}")
    spark.sparkContext.addPyFile(zpath)
    return spark


def use_all_cores(spark) -> None:
    """One state partition (a task per micro-batch) per executor core, unless
    configured: Spark's default of 200 would run 200 tasks a micro-batch. A
    checkpoint keeps the count it was started with."""
    if spark.conf.get("spark.sql.shuffle.partitions") == "200":
        spark.conf.set("spark.sql.shuffle.partitions", str(max(1, spark.sparkContext.defaultParallelism)))
