"""The detector configuration, parsed and defaulted exactly like the zod schema
in lib/detector/config.ts, so a JSON document given to the job means the same
detector as in the reference (unknown keys are ignored there too)."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any


class ConfigError(ValueError):
    pass


DEFAULT_CHAMBERS = [
    {"chamber": 0, "fpga": 0, "firstChannel": 0},
    {"chamber": 1, "fpga": 0, "firstChannel": 64},
    {"chamber": 2, "fpga": 1, "firstChannel": 0},
    {"chamber": 3, "fpga": 1, "firstChannel": 64},
]
DEFAULT_SCINTILLATOR = [{"fpga": 1, "channel": 128}]
DEFAULT_DRIFT_BINS = {"minNs": -200, "maxNs": 600, "binNs": 10}


@dataclass(frozen=True)
class Chamber:
    chamber: int
    fpga: int
    first_channel: int


@dataclass(frozen=True)
class DriftBins:
    min_ns: float
    max_ns: float
    bin_ns: float


@dataclass(frozen=True)
class DetectorConfig:
    valid_head: int
    channels_per_chamber: int
    chambers: tuple[Chamber, ...]
    scintillator: tuple[tuple[int, int], ...]
    orbits_per_window: int
    drift_bins: DriftBins

    @property
    def n_chambers(self) -> int:
        return len(self.chambers)

    def to_json(self) -> dict[str, Any]:
        """The camelCase document, as lib/detector/config.ts would print it."""
        return {
            "validHead": self.valid_head,
            "channelsPerChamber": self.channels_per_chamber,
            "chambers": [{"chamber": c.chamber, "fpga": c.fpga, "firstChannel": c.first_channel} for c in self.chambers],
            "scintillator": [{"fpga": f, "channel": c} for f, c in self.scintillator],
            "orbitsPerWindow": self.orbits_per_window,
            "driftBins": {"minNs": self.drift_bins.min_ns, "maxNs": self.drift_bins.max_ns, "binNs": self.drift_bins.bin_ns},
        }


def _number(v: Any, path: str) -> float | int:
    # bool is an int in Python but not a number in JSON/zod.
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        raise ConfigError(f"{path}: expected a finite number, got {v!r}")
    # JSON 10.0 and 10 are the same number in JavaScript; keep ints so the
    # numbers print the way JSON.stringify prints them.
    return int(v) if isinstance(v, float) and v.is_integer() and abs(v) < 2**53 else v


def _int(v: Any, path: str, lo: int | None = None, hi: int | None = None) -> int:
    n = _number(v, path)
    if not isinstance(n, int):
        raise ConfigError(f"{path}: expected an integer, got {v!r}")
    if lo is not None and n < lo:
        raise ConfigError(f"{path}: must be >= {lo}, got {n}")
    if hi is not None and n > hi:
        raise ConfigError(f"{path}: must be <= {hi}, got {n}")
    return n


def _obj(v: Any, path: str) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise ConfigError(f"{path}: expected an object")
    return v


def _list(v: Any, path: str, min_len: int) -> list[Any]:
    if not isinstance(v, list):
        raise ConfigError(f"{path}: expected an array")
    if len(v) < min_len:
        raise ConfigError(f"{path}: needs at least {min_len} item(s)")
    return v


def parse_config(doc: Any) -> DetectorConfig:
    """Validates a configuration document (already JSON-decoded) and fills defaults."""
    d = _obj({} if doc is None else doc, "config")

    def get(key: str, default: Any) -> Any:
        # zod's .default() applies to undefined only; an explicit null is an error.
        return default if key not in d else d[key]

    valid_head = _int(get("validHead", 2), "validHead", 0, 3)
    cpc = _int(get("channelsPerChamber", 64), "channelsPerChamber", 1, 128)
    chambers = []
    for i, e in enumerate(_list(get("chambers", DEFAULT_CHAMBERS), "chambers", 1)):
        e = _obj(e, f"chambers[{i}]")
        chambers.append(
            Chamber(
                _int(e.get("chamber"), f"chambers[{i}].chamber", 0, 15),
                _int(e.get("fpga"), f"chambers[{i}].fpga", 0, 15),
                _int(e.get("firstChannel"), f"chambers[{i}].firstChannel", 0, 511),
            )
        )
    scint = []
    for i, e in enumerate(_list(get("scintillator", DEFAULT_SCINTILLATOR), "scintillator", 1)):
        e = _obj(e, f"scintillator[{i}]")
        scint.append((_int(e.get("fpga"), f"scintillator[{i}].fpga", 0, 15), _int(e.get("channel"), f"scintillator[{i}].channel", 0, 511)))
    opw = _int(get("orbitsPerWindow", 11_223), "orbitsPerWindow", 1)
    b = _obj(get("driftBins", DEFAULT_DRIFT_BINS), "driftBins")
    min_ns = _number(b.get("minNs", -200), "driftBins.minNs")
    max_ns = _number(b.get("maxNs", 600), "driftBins.maxNs")
    bin_ns = _number(b.get("binNs", 10), "driftBins.binNs")
    if bin_ns <= 0:
        raise ConfigError("driftBins.binNs: must be positive")
    if not max_ns > min_ns:
        raise ConfigError("driftBins.maxNs: maxNs must be greater than minNs")
    # Same float expression as the zod refine, so the same documents pass.
    if not float((max_ns - min_ns) / bin_ns).is_integer():
        raise ConfigError("driftBins.binNs: (maxNs - minNs) must be a whole number of bins")
    ids = sorted(c.chamber for c in chambers)
    if ids != list(range(len(ids))):
        raise ConfigError("chambers: chambers must be numbered 0..n-1, each once")
    return DetectorConfig(valid_head, cpc, tuple(chambers), tuple(scint), opw, DriftBins(min_ns, max_ns, bin_ns))


def parse_config_json(text: str | None) -> DetectorConfig:
    return parse_config(json.loads(text) if text else {})


def drift_bin_count(c: DetectorConfig) -> int:
    # Math.round in the reference: half up, which int(x + 0.5) matches for the positive counts here.
    return math.floor((c.drift_bins.max_ns - c.drift_bins.min_ns) / c.drift_bins.bin_ns + 0.5)
