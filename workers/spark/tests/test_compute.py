"""Computing: a window's statistics from its records, and the stream's first stage (records by window, the clock)."""

import numpy as np

from cosmo_stats.compute import Context, compute_window
from cosmo_stats.config import parse_config_json
from cosmo_stats.parse import parse_hits, parse_text
from cosmo_stats.records import CLOCK, UNREADABLE, unpack, window_rows

CTX = Context(parse_config_json("{}"), "unit")
W = CTX.config.orbits_per_window


def test_window_statistics_of_one_orbit_with_a_scintillator_signal():
    lines = [
        "2,1,128,500,10,0",  # the scintillator (FPGA 1 channel 128) at BX 10
        "2,0,3,500,10,0",  # chamber 0, drift time 0 ns
        "2,0,4,500,10,12",  # chamber 0, 12 TDC counts later: 10 ns
        "2,0,70,501,1,1",  # chamber 1, an orbit without signal
        "2,0,200,500,1,1",  # FPGA 0 channel 200: no chamber
        "1,0,3,500,1,1",  # HEAD 1
        "2,0,3,500,1,99",  # TDC past its limit: malformed
    ]
    rec = parse_text("\n".join(lines).encode())
    stats = compute_window(rec, CTX, 0)
    assert stats["records"] == 7 and stats["totalHits"] == 3
    assert stats["hitsPerChamber"] == [2, 1, 0, 0]
    assert stats["multiplicity"][0] == [0, 0, 1] and stats["multiplicity"][1] == [0, 1]
    assert stats["scintillatorOrbits"] == 1
    assert stats["occupancyScintillator"][0][3] == 1 and stats["occupancyScintillator"][0][4] == 1
    counts = stats["driftTime"]["counts"][0]
    # Bins of 10 ns from -200 ns: 0 ns is bin 20, 10 ns bin 21.
    assert counts[20] == 1 and counts[21] == 1 and sum(counts) == 2
    # The reference counts the scintillator's own signal with the channels of no chamber.
    assert stats["dropped"] == {"head": {"1": 1}, "unmappedChannel": 2, "malformed": 1}


def test_records_leave_grouped_by_window_with_the_clock_of_each_partition():
    far = 5 * W
    messages = [
        b"\n".join([b"2,0,5,10,1,1", b"2,0,5,20,1,1", f"2,0,5,{far},1,1".encode(), f"2,0,5,{W + 3},1,1".encode()]),
        b"2,0,5,30,1,1\n0,0,5,40,1,1\nxx",
    ]
    rec = parse_hits(messages, [0, 1], [100, 200], [-1, -1])
    rows = window_rows(rec, CTX, max_jump=W)
    clocks = sorted(rows[rows.window == CLOCK].clock_orbit.tolist())
    # Partition 0: the orbit 5 windows ahead is implausible; partition 1: HEAD 0 does not move the clock.
    assert clocks == [30, W + 3]
    assert rows[rows.window == UNREADABLE].n.tolist() == [1]
    by_window = {int(r.window): r for r in rows[rows.window >= 0].itertuples()}
    assert sorted(by_window) == [0, 1, 5]
    w0 = unpack([(by_window[0].orbit, by_window[0].head, by_window[0].word)])
    assert sorted(w0["orbit"].tolist()) == [10, 20, 30, 40] and sorted(w0["head"].tolist()) == [0, 2, 2, 2]
    assert by_window[0].input_at == 200 and by_window[1].n == 1


def test_a_window_split_over_batches_gives_the_statistics_of_the_whole():
    # Every tenth line the scintillator (FPGA 1 channel 128), the others hits of the four chambers.
    lines = [(f"2,1,128,{100 + i // 5},{i % 3564},{i % 30}" if i % 10 == 0 else f"2,{i % 2},{(i * 7) % 128},{100 + i // 5},{i % 3564},{i % 30}").encode() for i in range(2_000)]
    whole = compute_window(parse_text(b"\n".join(lines)), CTX, 0)
    parts = []
    for chunk in (lines[:700], lines[700:1_300], lines[1_300:]):
        rows = window_rows(parse_hits([b"\n".join(chunk)], [0], [0], [-1]), CTX, max_jump=W)
        parts += [(r.orbit, r.head, r.word) for r in rows[rows.window == 0].itertuples()]
    assert compute_window(unpack(parts), CTX, 0) == whole
    assert whole["scintillatorOrbits"] > 0 and whole["totalHits"] > 0
    assert np.sum(whole["driftTime"]["counts"]) > 0


def test_kafka_lag_sums_the_sources_of_every_partition():
    from cosmo_stats.progress import kafka_lag

    sources = [
        {"latestOffset": {"hits": {"0": 10}}, "endOffset": {"hits": {"0": 7}}},
        {"latestOffset": '{"hits": {"1": 20}}', "endOffset": '{"hits": {"1": 20}}'},
        {"latestOffset": {"hits": {"2": 5}}, "endOffset": {"hits": {"2": 1}}},
    ]
    assert kafka_lag({"sources": sources}) == 7
    assert kafka_lag({"sources": []}) is None
