"""Parsing: text lines and .dat words to records, as lib/detector/parse-text.ts and parse-dat.ts."""

import numpy as np

from cosmo_stats.orbits import NO_ORBIT
from cosmo_stats.parse import MAX_LINE_BYTES, decode_dat, parse_hits, parse_text


def test_text_rules_in_order():
    lines = [
        "HEAD,FPGA,TDC_CHANNEL,ORBIT_CNT,BX_COUNTER,TDC_MEAS",  # skipped
        "2,0,5,100,3,4\r",  # a record; one trailing CR ignored
        "",  # skipped
        "2,0,5,12x,3,4",  # unreadable: ORBIT_CNT not an integer
        "1,0,5,101,3,4",  # HEAD 1: kept, a HEAD drop later
        "2,0,5,102,3,-0.5",  # readable, not a record
        "2,0,5,103,3564,4",  # BX past its limit: not a record
        "2,0,5,00000000104,3,4",  # 11 digits: not an integer, so unreadable
        "2,0,5,105,3,4,9",  # seven columns: not a record
        "2,0," + "9" * MAX_LINE_BYTES + ",106,3,4",  # overlong: unreadable
    ]
    rec = parse_text("\n".join(lines).encode())
    assert rec["orbit"].tolist() == [100, -1, 101, 102, 103, -1, 105, -1]
    assert rec["head"].tolist() == [2, -1, 1, 2, 2, -1, 2, -1]
    word = rec["word"].tolist()
    assert word[0] == (0 << 26) | (5 << 17) | (3 << 5) | 4
    assert word[2] >= 0 and [word[i] for i in (1, 3, 4, 5, 6, 7)] == [-1] * 6


def test_hits_messages_extend_orbits_from_their_reference_across_the_wrap():
    wrap = 1 << 32
    messages = [b"2,0,5,4294967290,3,4\n2,0,5,2,3,4", b"2,0,5,7,3,4\nbad line"]
    # The second message continues from the extended orbit the first one ended at.
    rec = parse_hits(messages, [0, 1], [1_000, 2_000], [NO_ORBIT, wrap + 2])
    assert rec["orbit"].tolist() == [4294967290, wrap + 2, wrap + 7, -1]
    assert rec["partition"].tolist() == [0, 0, 1, 1]
    assert rec["input_at"].tolist() == [1_000, 1_000, 2_000, 2_000]


def test_dat_words_and_a_truncated_last_word():
    # HEAD 2, FPGA 1, channel field 127 (channel 128), orbit 5, BX 17, TDC field 8 (TDC 7).
    w = (2 << 62) | (1 << 58) | (127 << 49) | (5 << 17) | (17 << 5) | 8
    rec = decode_dat(np.array([w], dtype="<u8").tobytes() + b"\x01\x02")
    assert rec["orbit"].tolist() == [5, -1]
    assert rec["head"].tolist()[0] == 2
    assert rec["word"].tolist()[0] == (1 << 26) | (128 << 17) | (17 << 5) | 7
