"""Relays a Kafka topic to another with its values upper-cased.

The smallest Structured Streaming job that exercises the whole path (Kafka
source, a transformation, Kafka sink, checkpoint); the foundation test uses it
to prove Spark and the connector work. --available-now processes what the topic
holds and exits, which makes tests deterministic; otherwise it runs
micro-batches every --interval until stopped (or for --max-seconds).
"""

import argparse

from pyspark.sql import SparkSession
from pyspark.sql import functions as F


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--bootstrap", required=True, help="Kafka bootstrap servers, host:port[,host:port]")
    p.add_argument("--in-topic", required=True)
    p.add_argument("--out-topic", required=True)
    p.add_argument("--checkpoint", required=True, help="checkpoint directory; keeps offsets across runs")
    p.add_argument("--available-now", action="store_true", help="process the available input, then exit")
    p.add_argument("--interval", default="2 seconds", help="micro-batch interval when not --available-now")
    p.add_argument("--max-seconds", type=float, help="stop a long-running relay after this many seconds")
    return p.parse_args()


def main() -> None:
    args = parse_args()
    spark = SparkSession.builder.appName(f"kafka-relay {args.in_topic} -> {args.out_topic}").getOrCreate()

    source = (
        spark.readStream.format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap)
        .option("subscribe", args.in_topic)
        .option("startingOffsets", "earliest")
        .load()
    )
    relayed = source.select(F.col("key"), F.upper(F.col("value").cast("string")).alias("value"))

    writer = (
        relayed.writeStream.format("kafka")
        .option("kafka.bootstrap.servers", args.bootstrap)
        .option("topic", args.out_topic)
        .option("checkpointLocation", args.checkpoint)
    )
    if args.available_now:
        writer = writer.trigger(availableNow=True)
    else:
        writer = writer.trigger(processingTime=args.interval)

    query = writer.start()
    # awaitTermination re-raises a query failure, so the exit code reports it.
    if args.available_now or args.max_seconds is None:
        query.awaitTermination()
    elif not query.awaitTermination(args.max_seconds):
        query.stop()
    spark.stop()


if __name__ == "__main__":
    main()
