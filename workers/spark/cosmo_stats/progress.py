"""The job's progress: micro-batch timings for benchmarks (ProgressLog) and
the cosmo.progress.v1 messages for the live view (ProgressReporter)."""

from __future__ import annotations

import json
import time

from cosmo_stats.messages import to_json


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
        lag = 0
        # The job reads each partition as a source of its own.
        for source in progress["sources"]:
            latest, end = source["latestOffset"], source["endOffset"]
            if isinstance(latest, str):
                latest, end = json.loads(latest), json.loads(end)
            lag += sum(max(0, int(off) - int(end.get(topic, {}).get(p, off))) for topic, parts in latest.items() for p, off in parts.items())
        return lag if progress["sources"] else None
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
