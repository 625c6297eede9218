"""Stream mode's input: the run's hits topic, one Spark Kafka source per partition.

One source per partition, each with its own watermark, so that Spark's
global watermark is the minimum over the partitions (its default
multipleWatermarkPolicy): the clock follows the slowest partition, as
Flink's does. With one source for the whole topic the watermark would be
the largest event time of any partition, and a partition read behind the
others (maxOffsetsPerTrigger splits a trigger's offsets between partitions
unevenly) would find its windows closed and, past the retention, expired. A
partition that never delivered a record does not hold the clock back; one
that stops delivering does, until the end-of-input or idle flush."""

from __future__ import annotations

import json


def topic_partitions(spark, bootstrap: str, topic: str) -> int:
    """The topic's partition count, from Kafka's admin client in the driver's JVM (the connector's kafka-clients)."""
    jvm = spark.sparkContext._jvm
    props = jvm.java.util.Properties()
    props.put("bootstrap.servers", bootstrap)
    admin = jvm.org.apache.kafka.clients.admin.Admin.create(props)
    try:
        described = admin.describeTopics(jvm.java.util.Collections.singletonList(topic)).allTopicNames().get()
        return int(described.get(topic).partitions().size())
    finally:
        admin.close()


def hits_streams(spark, args) -> list:
    """Per partition of the hits topic, (partition, ts, value, orbit_ref) per Kafka message; Spark checkpoints the offsets."""
    from pyspark.sql import functions as F

    ref = F.expr("try_element_at(filter(headers, h -> h.key = 'orbitRef'), 1).value").cast("string")
    streams = []
    for p in range(topic_partitions(spark, args.bootstrap, args.hits_topic)):
        reader = (
            spark.readStream.format("kafka")
            .option("kafka.bootstrap.servers", args.bootstrap)
            .option("assign", json.dumps({args.hits_topic: [p]}))
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
        # Each message's Kafka time rides along, for the window latency the live view shows.
        streams.append(reader.load().select("partition", F.expr("unix_millis(timestamp)").alias("ts"), "value", ref.alias("orbit_ref")))
    return streams
