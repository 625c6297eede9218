"""Kafka keys and JSON text of the result messages (docs/results-schema.md)."""

from __future__ import annotations

import json


def window_key(run_id: str, window: int) -> str:
    return f"{run_id}:{window}"


def unwindowed_key(run_id: str) -> str:
    return f"{run_id}:unwindowed"


def to_json(message: dict) -> str:
    return json.dumps(message, separators=(",", ":"))


def sort_messages(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Windows in index order, then the unwindowed count, as the reference lists them."""

    def order(kv: tuple[str, str]) -> tuple[int, int]:
        w = kv[0].rsplit(":", 1)[1]
        return (1, 0) if w == "unwindowed" else (0, int(w))

    return sorted(rows, key=order)
