"""compute_window: the statistics of one window from its records, numpy only.

Both modes of the job call this one function on the complete set of a
window's records (streaming keeps the records in state until the window
closes), so they cannot diverge. It mirrors lib/detector/window-stats.ts and
window-state.ts rule for rule; see the comments there for the why of each.

Records are three int64 columns, the compact form the parser produces and the
streaming state stores (20 bytes a record):
  orbit  ORBIT_CNT (always readable: unreadable lines belong to no window)
  head   HEAD when that column is an unsigned 32-bit integer, else -1
  word   fpga << 26 | channel << 17 | bx << 5 | tdc when the line is a record
         (six integers within the field limits), else -1
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from cosmo_stats.config import ConfigError, DetectorConfig, drift_bin_count

WINDOW_SCHEMA = "cosmo.window.v1"
UNWINDOWED_SCHEMA = "cosmo.unwindowed.v1"

CHANNELS = 512
UNMAPPED = -1
SCINTILLATOR = -2
INDEX_BITS = 7
TDC_PER_BX = 30
NS_PER_BX = 25
BX_PER_ORBIT = 3564

# Field limits of a record (lib/detector/record.ts FIELD_LIMITS).
ORBIT_LIMIT = 2**32
MAX_FPGA = 15
MAX_CHANNEL = 511
MAX_BX = BX_PER_ORBIT - 1
MAX_TDC = 31


def js_round(x: float) -> int:
    """Math.round: half up, unlike Python's round-half-even."""
    return math.floor(x + 0.5)


def channel_table(config: DetectorConfig) -> np.ndarray:
    """(fpga * 512 + channel) -> chamber slot (chamber << 7 | index), SCINTILLATOR or UNMAPPED."""
    table = np.full((MAX_FPGA + 1) * CHANNELS, UNMAPPED, dtype=np.int16)
    owner: dict[int, int] = {}
    for c in config.chambers:
        for index in range(config.channels_per_chamber):
            if c.first_channel + index >= CHANNELS:
                break
            at = c.fpga * CHANNELS + c.first_channel + index
            if at in owner:
                raise ConfigError(
                    f"chamber map: chambers {owner[at]} and {c.chamber} both claim FPGA {c.fpga} channel {c.first_channel + index}"
                )
            owner[at] = c.chamber
            table[at] = (c.chamber << INDEX_BITS) | index
    # The scintillator wins over a chamber that covers its channel, as in the reference.
    for fpga, channel in config.scintillator:
        table[fpga * CHANNELS + channel] = SCINTILLATOR
    return table


def _decimal_scale(x: float, name: str) -> int:
    scale = 1
    for _ in range(7):
        if abs(x * scale - js_round(x * scale)) < 1e-6:
            return scale
        scale *= 10
    raise ConfigError(f"drift bins: {name} {x} has more than 6 decimals")


class Context:
    """What compute_window needs besides the records, built once per job."""

    def __init__(self, config: DetectorConfig, run_id: str):
        self.config = config
        self.run_id = run_id
        self.table = channel_table(config)
        b = config.drift_bins
        scale = max(_decimal_scale(b.min_ns, "minNs"), _decimal_scale(b.bin_ns, "binNs"))
        # Integer bin edges (lib/detector/drift-binning.ts): a = unit * dt - offset, bin = a // width.
        self.drift_offset = TDC_PER_BX * js_round(b.min_ns * scale)
        self.drift_width = TDC_PER_BX * js_round(b.bin_ns * scale)
        self.drift_unit = NS_PER_BX * scale
        self.n_bins = drift_bin_count(config)
        self.n_chambers = config.n_chambers
        self.cpc = config.channels_per_chamber


def pack_word(fpga, channel, bx, tdc):
    return (fpga << 26) | (channel << 17) | (bx << 5) | tdc


def _column(records: Any, name: str) -> np.ndarray:
    return np.asarray(records[name], dtype=np.int64)


def compute_window(records: Mapping[str, Any], ctx: Context, window: int) -> dict[str, Any]:
    """The WindowResult (cosmo.window.v1) of window `window` from all its records.

    `records` is anything indexable by column name (a pandas DataFrame or a
    dict of arrays) with the columns orbit, head and word described above.
    """
    cfg = ctx.config
    n_ch, cpc, n_bins = ctx.n_chambers, ctx.cpc, ctx.n_bins
    orbit = _column(records, "orbit")
    head = _column(records, "head")
    word = _column(records, "word")

    is_record = word >= 0
    # An integer HEAD other than the valid one is a HEAD drop whatever the rest
    # of the line holds (ancillary words carry non-integer last columns).
    head_drop = (head >= 0) & (head != cfg.valid_head)
    malformed = ~is_record & ~head_drop
    valid = is_record & ~head_drop

    vw = word[valid]
    v_orbit = orbit[valid]
    fpga = (vw >> 26) & 0xF
    channel = (vw >> 17) & 0x1FF
    t_in_orbit = TDC_PER_BX * ((vw >> 5) & 0xFFF) + (vw & 0x1F)
    slot = ctx.table[fpga * CHANNELS + channel].astype(np.int64)

    is_hit = slot >= 0
    is_scint = slot == SCINTILLATOR
    h_slot = slot[is_hit]
    h_orbit = v_orbit[is_hit]
    h_time = t_in_orbit[is_hit]
    h_chamber = h_slot >> INDEX_BITS
    h_cell = h_chamber * cpc + (h_slot & ((1 << INDEX_BITS) - 1))

    hits_per_chamber = np.bincount(h_chamber, minlength=n_ch)
    occupancy = np.bincount(h_cell, minlength=n_ch * cpc).reshape(n_ch, cpc)

    # Multiplicity: hits per (orbit, chamber), then a histogram per chamber.
    multiplicity: list[list[int]] = [[0] for _ in range(n_ch)]
    if h_orbit.size:
        key = (h_orbit - h_orbit.min()) * n_ch + h_chamber
        keys, m = np.unique(key, return_counts=True)
        key_chamber = keys % n_ch
        for c in range(n_ch):
            mc = m[key_chamber == c]
            if mc.size:
                hist = np.bincount(mc)
                hist[0] = 0
                multiplicity[c] = hist.tolist()

    # Scintillator orbits and their earliest signal; hits in those orbits.
    s_orbit = v_orbit[is_scint]
    s_time = t_in_orbit[is_scint]
    occ_scint = np.zeros((n_ch, cpc), dtype=np.int64)
    drift = np.zeros((n_ch, n_bins), dtype=np.int64)
    underflow = np.zeros(n_ch, dtype=np.int64)
    overflow = np.zeros(n_ch, dtype=np.int64)
    scint_orbits = 0
    if s_orbit.size:
        orbits_with_signal, inverse = np.unique(s_orbit, return_inverse=True)
        earliest = np.full(orbits_with_signal.size, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(earliest, inverse, s_time)
        scint_orbits = int(orbits_with_signal.size)
        if h_orbit.size:
            pos = np.searchsorted(orbits_with_signal, h_orbit)
            pos_c = np.minimum(pos, orbits_with_signal.size - 1)
            in_scint = orbits_with_signal[pos_c] == h_orbit
            sc_chamber = h_chamber[in_scint]
            occ_scint = np.bincount(h_cell[in_scint], minlength=n_ch * cpc).reshape(n_ch, cpc)
            dt = h_time[in_scint] - earliest[pos_c[in_scint]]
            a = ctx.drift_unit * dt - ctx.drift_offset
            under = a < 0
            bins = np.minimum(np.where(under, 0, a) // ctx.drift_width, n_bins)
            over = ~under & (bins >= n_bins)
            inside = ~under & ~over
            underflow = np.bincount(sc_chamber[under], minlength=n_ch)
            overflow = np.bincount(sc_chamber[over], minlength=n_ch)
            drift = np.bincount(sc_chamber[inside] * n_bins + bins[inside], minlength=n_ch * n_bins).reshape(n_ch, n_bins)

    head_values, head_counts = np.unique(head[head_drop], return_counts=True)
    b = cfg.drift_bins
    return {
        "schema": WINDOW_SCHEMA,
        "runId": ctx.run_id,
        "window": int(window),
        "orbitsPerWindow": cfg.orbits_per_window,
        "firstOrbit": int(orbit.min()) if orbit.size else 0,
        "lastOrbit": int(orbit.max()) if orbit.size else 0,
        "records": int(orbit.size),
        "totalHits": int(h_slot.size),
        "hitsPerChamber": hits_per_chamber.tolist(),
        "occupancy": occupancy.tolist(),
        "multiplicity": multiplicity,
        "scintillatorOrbits": scint_orbits,
        "occupancyScintillator": occ_scint.tolist(),
        "driftTime": {
            "minNs": b.min_ns,
            "maxNs": b.max_ns,
            "binNs": b.bin_ns,
            "counts": drift.tolist(),
            "underflow": underflow.tolist(),
            "overflow": overflow.tolist(),
        },
        "dropped": {
            # np.unique sorts, so keys come out in numeric order like the reference's.
            "head": {str(int(h)): int(n) for h, n in zip(head_values, head_counts)},
            "unmappedChannel": int(slot.size - h_slot.size),
            "malformed": int(np.count_nonzero(malformed)),
        },
    }


def unwindowed_result(run_id: str, malformed: int) -> dict[str, Any]:
    return {"schema": UNWINDOWED_SCHEMA, "runId": run_id, "malformed": int(malformed)}
