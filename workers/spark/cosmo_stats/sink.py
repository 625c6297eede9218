"""Where result messages go: a results topic (from the driver, or as a
DataFrame write from the executors) or a JSONL file."""

from __future__ import annotations

import os
import sys

from cosmo_stats.messages import sort_messages

OUTPUT_SCHEMA = "key string, value string"


def is_file_output(output: str) -> bool:
    return "/" in output or output.endswith(".jsonl")


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


def kafka_write(spark, rows: list[tuple[str, str]], bootstrap: str, topic: str) -> None:
    if not bootstrap:
        raise SystemExit("--bootstrap is required to write to Kafka")
    import pandas as pd

    # One partition: the messages reach the topic in the order given.
    df = spark.createDataFrame(pd.DataFrame(rows, columns=["key", "value"]), OUTPUT_SCHEMA).coalesce(1)
    df.write.format("kafka").option("kafka.bootstrap.servers", bootstrap).option("kafka.acks", "all").option("topic", topic).save()


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
