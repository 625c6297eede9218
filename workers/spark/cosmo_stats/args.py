"""The job's command line (lib/spark/stats-job.ts builds it)."""

from __future__ import annotations

import argparse


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description="COSMO window statistics (stream, batch or local).")
    p.add_argument("--mode", choices=["stream", "batch", "local"], required=True)
    p.add_argument("--run-id", required=True)
    p.add_argument("--config-json", default="{}", help="detector configuration (lib/detector/config.ts), JSON; defaults filled in")
    p.add_argument("--bootstrap", help="Kafka bootstrap servers")
    p.add_argument("--hits-topic", help="stream: topic of text-line chunks")
    p.add_argument("--results-topic", help="stream: output topic; batch: default output")
    p.add_argument("--checkpoint", help="stream: base folder or s3a:// URI; the run's checkpoint is <checkpoint>/<runId>")
    p.add_argument("--trigger-ms", type=int, default=200, help="stream: micro-batch interval")
    p.add_argument("--starting-offsets", default="earliest", help="stream: where a new checkpoint starts reading")
    p.add_argument("--max-offsets-per-trigger", type=int, help="stream: cap on Kafka messages per micro-batch and partition")
    p.add_argument("--available-now", action="store_true", help="stream: process the available input, close every window, exit")
    # Records are nearly in time order: the two FPGAs interleave by tens to a
    # few hundred orbits (48 in the real excerpt, 100 by the generator's
    # default). 1,000 orbits (89 ms) covers that with margin; the delay adds
    # to every window's latency. Later data is still merged and the window
    # sent again, see --retention-orbits.
    p.add_argument("--lateness-orbits", type=int, default=1_000, help="stream: watermark delay, in orbits")
    p.add_argument("--retention-orbits", type=int, help="stream: how long a closed window absorbs late records (default 10 windows)")
    p.add_argument(
        "--tombstone-orbits",
        type=int,
        default=24 * 3600 * 11_223,
        help="stream: how long an expired window still refuses late records (default a day of orbits)",
    )
    p.add_argument("--max-jump-orbits", type=int, help="stream: orbits beyond a batch's median that do not move the clock (default 10 windows)")
    p.add_argument("--idle-flush-ms", type=int, default=3_000, help="stream: flush open windows after this much idle input (0: never)")
    p.add_argument("--progress-log", help="stream: append each micro-batch's progress (JSON) to this file")
    p.add_argument("--max-seconds", type=float, help="stream: stop after this long (tests, benchmarks)")
    p.add_argument("--input", help="batch/local: a .txt or .dat file, or a folder of them")
    p.add_argument("--output", help="batch/local: a results topic, or a .jsonl path (a value with '/' or ending in .jsonl)")
    return p.parse_args(argv)
