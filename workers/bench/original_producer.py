"""The original COSMO's producer, as it was: kafka-python, one send() per
line of a data file, linger 1,000 ms, batch size 1 MiB. Prints
{"records", "seconds"} as JSON: from the first line read to the last
acknowledgement (flush). The bench's baseline (lib/bench/per-record-producer.ts)."""

import argparse
import json
import time

from kafka import KafkaProducer


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--bootstrap", required=True)
    p.add_argument("--topic", required=True)
    p.add_argument("--file", required=True)
    p.add_argument("--max-records", type=int, required=True)
    args = p.parse_args()
    producer = KafkaProducer(bootstrap_servers=args.bootstrap.split(","), linger_ms=1000, batch_size=1024 * 1024, acks="all")
    sent = 0
    t0 = time.perf_counter()
    with open(args.file, "rb") as f:
        for line in f:
            if sent >= args.max_records:
                break
            producer.send(args.topic, line.rstrip(b"\n"))
            sent += 1
    producer.flush()
    seconds = time.perf_counter() - t0
    producer.close()
    print(json.dumps({"records": sent, "seconds": seconds}))


if __name__ == "__main__":
    main()
