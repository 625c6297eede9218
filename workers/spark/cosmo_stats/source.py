"""Stream mode's input: the run's hits topic, as Spark's Kafka source reads it."""

from __future__ import annotations


def hits_stream(spark, args):
    """(partition, ts, value, orbit_ref) per Kafka message; Spark checkpoints the offsets."""
    from pyspark.sql import functions as F

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
        # The orbitRef header (docs/results-schema.md): each message's lines are extended from it.
        .option("includeHeaders", "true")
    )
    if args.max_offsets_per_trigger:
        reader = reader.option("maxOffsetsPerTrigger", args.max_offsets_per_trigger)
    ref = F.expr("try_element_at(filter(headers, h -> h.key = 'orbitRef'), 1).value").cast("string")
    # Each message's Kafka time rides along, for the window latency the live view shows.
    return reader.load().select("partition", F.expr("unix_millis(timestamp)").alias("ts"), "value", ref.alias("orbit_ref"))
