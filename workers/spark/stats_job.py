"""COSMO statistics job: per-window data-quality statistics of a MiniDT run.

Modes (all end in cosmo_stats.compute.compute_window on a window's complete
record set, so they give identical messages for the same input):
  stream  Kafka hits topic -> results topic (cosmo_stats/stream.py)
  batch   a .txt/.dat file or folder -> results topic or JSONL file, in Spark
  local   batch without Spark (numpy only), a test oracle (cosmo_stats/batch.py)

Results: one JSON message per window (cosmo.window.v1, key "<runId>:<window>")
and the run's unreadable-line count (cosmo.unwindowed.v1, key
"<runId>:unwindowed"); docs/results-schema.md documents both, docs/spark-job.md
how the job computes them.
"""

from __future__ import annotations

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from cosmo_stats.args import parse_args  # noqa: E402
from cosmo_stats.compute import Context  # noqa: E402
from cosmo_stats.config import ConfigError, parse_config_json  # noqa: E402


def main(argv=None) -> None:
    args = parse_args(argv)
    try:
        ctx = Context(parse_config_json(args.config_json), args.run_id)
    except (ConfigError, json.JSONDecodeError) as e:
        raise SystemExit(f"--config-json: {e}")
    if args.mode == "stream":
        from cosmo_stats.stream import run_stream

        run_stream(args, ctx)
    else:
        from cosmo_stats.batch import run_batch, run_local

        (run_local if args.mode == "local" else run_batch)(args, ctx)


if __name__ == "__main__":
    main()
