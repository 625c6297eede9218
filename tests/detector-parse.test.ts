import fs from "node:fs";
import path from "node:path";
import { test } from "node:test";
import assert from "node:assert/strict";
import { extendOrbit, NO_ORBIT } from "@/lib/detector/extended-orbit";
import { LineSplitter, MAX_LINE_BYTES } from "@/lib/detector/line-splitter";
import { orbitOfLine } from "@/lib/detector/orbit-column";
import { decodeWord, encodeWord, parseDatWord, WORD_BYTES } from "@/lib/detector/parse-dat";
import type { ParsedLine } from "@/lib/detector/parsed-line";
import { parseTextLine, TEXT_HEADER } from "@/lib/detector/parse-text";
import type { DetectorRecord } from "@/lib/detector/record";
import { tdcTime, tdcUnitsToNs } from "@/lib/detector/record";
import { createScanner, type DataFormat } from "@/lib/detector/scan";
import { Prng } from "@/lib/generator/prng";
import { mutationCorpus } from "@/tests/support/mutation-corpus";

const fixture = path.join(import.meta.dirname, "fixtures", "mapd-excerpt.txt");

/** Everything a byte stream parses to, fed in the given chunks. */
function scanChunks(chunks: Buffer[], format: DataFormat = "txt"): ParsedLine[] {
  const out: ParsedLine[] = [];
  const scanner = createScanner(format, (p) => out.push(p));
  chunks.forEach((c) => scanner.push(c));
  scanner.end();
  return out;
}

const kinds = (lines: ParsedLine[]) => lines.map((l) => l.kind);
const records = (lines: ParsedLine[]) => lines.flatMap((l) => (l.kind === "record" ? [l.record] : []));

/** DETECTOR.md's decoding, literally, with BigInt: the independent reference for the fast decoder. */
function referenceDecode(word: bigint): DetectorRecord {
  let tdc = ((word & 0xffffffffn) - 1n) & 0x1fn;
  const channel = (1n + ((word >> 49n) & 0x1ffn)) & 0x1ffn;
  if (channel === 137n || channel === 138n) tdc += 1n;
  return {
    head: Number((word >> 62n) & 0x3n),
    fpga: Number((word >> 58n) & 0xfn),
    channel: Number(channel),
    orbit: Number((word >> 17n) & 0xffffffffn),
    bx: Number((word >> 5n) & 0xfffn),
    tdc: Number(tdc),
  };
}

test("the fixture: 74 lines, 49 six-integer records, 38 with HEAD 2, every other line invalid but windowed", () => {
  // Counted independently: awk -F, '$1==2' (38), per HEAD value 0:7 1:7 3:7 4:8 5:7, and
  // 49 lines of six in-range integers (the rest: decimals in HEAD 4/5, BX counters beyond 3563 in HEAD 3, TDC > 31 in HEAD 1).
  const lines = scanChunks([fs.readFileSync(fixture)]);
  assert.equal(lines.length, 74);
  assert.equal(records(lines).length, 49);
  assert.equal(records(lines).filter((r) => r.head === 2).length, 38);
  assert.ok(lines.every((l) => l.kind === "record" || l.kind === "invalid"));
  const byHead = new Map<number | undefined, number>();
  for (const l of lines) {
    const head = l.kind === "record" ? l.record.head : l.kind === "invalid" ? l.head : -1;
    byHead.set(head, (byHead.get(head) ?? 0) + 1);
  }
  assert.deepEqual(Object.fromEntries([...byHead].sort((a, b) => a[0]! - b[0]!)), { 0: 7, 1: 7, 2: 38, 3: 7, 4: 8, 5: 7 });
  // The example of DETECTOR.md: a HEAD 4 word, not a malformed line.
  assert.deepEqual(parseTextLine("4,1,0,3387315431,0,-0.573730"), {
    kind: "invalid",
    orbit: 3387315431,
    head: 4,
    reason: "TDC_MEAS is not an unsigned integer",
  });
});

test("text framing: header anywhere, CRLF, blank lines, a line split across chunks, a last line without newline", () => {
  const text = `${TEXT_HEADER}\r\n2,0,75,3387200947,2922,2\r\n\r\n\n2,1,55,3387200955,1797,12\n${TEXT_HEADER}\n2,0,64,3387200974,464,4`;
  const whole = scanChunks([Buffer.from(text)]);
  assert.deepEqual(kinds(whole), ["skip", "record", "skip", "skip", "record", "skip", "record"]);
  assert.deepEqual(records(whole)[2], { head: 2, fpga: 0, channel: 64, orbit: 3387200974, bx: 464, tdc: 4 });
  // Any split of the bytes gives the same lines, including splits inside "\r\n".
  const bytes = Buffer.from(text);
  for (let cut = 0; cut <= bytes.length; cut++) {
    assert.deepEqual(scanChunks([bytes.subarray(0, cut), bytes.subarray(cut)]), whole, `split at ${cut}`);
  }
  assert.deepEqual(scanChunks([...bytes].map((b) => Buffer.from([b]))), whole);
  // A file cut in the middle of a line: what is left is judged like any line.
  assert.deepEqual(kinds(scanChunks([Buffer.from("2,0,75,3387200947,2922,2\n2,0,64,33872")])), ["record", "invalid"]);
  assert.deepEqual(kinds(scanChunks([Buffer.from("2,0,75,3387200947,2922,2\n2,0,6")])), ["record", "unreadable"]);
});

const ORBIT_UNREADABLE = "ORBIT_CNT is not an unsigned 32-bit integer of at most 10 digits";

test("malformed inputs are classified by reason and never throw", () => {
  const cases: [string, ParsedLine][] = [
    ["2,0,75,3387200947,2922,2", { kind: "record", record: { head: 2, fpga: 0, channel: 75, orbit: 3387200947, bx: 2922, tdc: 2 } }],
    ["2,0,x,3387200947,2922,2", { kind: "invalid", orbit: 3387200947, head: 2, reason: "TDC_CHANNEL is not an unsigned integer" }],
    ["2,0,75,3387200947,2922", { kind: "invalid", orbit: 3387200947, head: 2, reason: "5 columns, expected 6" }],
    ["2,0,75,3387200947,2922,2,7", { kind: "invalid", orbit: 3387200947, head: 2, reason: "7 columns, expected 6" }],
    ["x,0,75,3387200947,2922,2", { kind: "invalid", orbit: 3387200947, head: undefined, reason: "HEAD is not an unsigned integer" }],
    ["2,0,75,3387200947,3564,2", { kind: "invalid", orbit: 3387200947, head: 2, reason: "bx out of range (3564)" }],
    ["2,16,75,1,0,2", { kind: "invalid", orbit: 1, head: 2, reason: "fpga out of range (16)" }],
    ["2,0,512,1,0,2", { kind: "invalid", orbit: 1, head: 2, reason: "channel out of range (512)" }],
    ["2,0,75,1,0,32", { kind: "invalid", orbit: 1, head: 2, reason: "tdc out of range (32)" }],
    ["2,0,-1,1,0,2", { kind: "invalid", orbit: 1, head: 2, reason: "TDC_CHANNEL is not an unsigned integer" }],
    ["2, 0,1,1,0,2", { kind: "invalid", orbit: 1, head: 2, reason: "FPGA is not an unsigned integer" }],
    ["2,0,1,1,0,2.0", { kind: "invalid", orbit: 1, head: 2, reason: "TDC_MEAS is not an unsigned integer" }],
    ["2,0,1,0429496729,0,2", { kind: "record", record: { head: 2, fpga: 0, channel: 1, orbit: 429496729, bx: 0, tdc: 2 } }],
    // Eleven digits are not an integer, whatever their value: every reader checks the length before converting.
    ["2,0,1,00429496729,0,2", { kind: "unreadable", reason: ORBIT_UNREADABLE }],
    ["2,0,00000000001,1,0,2", { kind: "invalid", orbit: 1, head: 2, reason: "TDC_CHANNEL is not an unsigned integer" }],
    // The report's line: a 5,000-digit ORBIT_CNT stopped the Spark job for good.
    [`2,0,1,${"7".repeat(5_000)},0,2`, { kind: "unreadable", reason: ORBIT_UNREADABLE }],
    [`${"2".repeat(5_000)},0,1,5,0,2`, { kind: "invalid", orbit: 5, head: undefined, reason: "HEAD is not an unsigned integer" }],
    ["2,0,1,5\u0000,0,2", { kind: "unreadable", reason: ORBIT_UNREADABLE }],
    ["2,0,1,4294967296,0,2", { kind: "unreadable", reason: ORBIT_UNREADABLE }],
    ["2,0,1,99999999999999999999999,0,2", { kind: "unreadable", reason: ORBIT_UNREADABLE }],
    ["2,0,1", { kind: "unreadable", reason: "3 column(s), no ORBIT_CNT" }],
    ["garbage", { kind: "unreadable", reason: "1 column(s), no ORBIT_CNT" }],
    [" ", { kind: "unreadable", reason: "1 column(s), no ORBIT_CNT" }],
    ["head,fpga,tdc_channel,orbit_cnt,bx_counter,tdc_meas", { kind: "unreadable", reason: ORBIT_UNREADABLE }],
    ["", { kind: "skip" }],
    ["\r", { kind: "skip" }],
  ];
  for (const [line, expected] of cases) assert.deepEqual(parseTextLine(line), expected, line);
});

test("empty input, binary garbage and a 10 MB line: counted, bounded, no throw", () => {
  assert.deepEqual(scanChunks([]), []);
  assert.deepEqual(scanChunks([Buffer.alloc(0)]), []);
  assert.deepEqual(scanChunks([], "dat"), []);

  const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
  const parsed = scanChunks([garbage]);
  const newlines = garbage.filter((b) => b === 10).length;
  assert.equal(parsed.length, newlines + 1);
  assert.ok(parsed.every((p) => p.kind === "unreadable" || p.kind === "skip"));

  // 10 MB without a newline, fed in 64 KiB chunks, between two good lines.
  const big = Buffer.alloc(10 * 1024 * 1024, "2,0,1,5,0,1,");
  const chunks = [Buffer.from("2,0,75,1,2,2\n")];
  for (let at = 0; at < big.length; at += 65536) chunks.push(big.subarray(at, at + 65536));
  chunks.push(Buffer.from("\n2,0,76,1,2,2\n"));
  assert.deepEqual(kinds(scanChunks(chunks)), ["record", "unreadable", "record"]);

  // The cap is exact: MAX_LINE_BYTES is kept, one byte more is not.
  const seen: (string | undefined)[] = [];
  const splitter = new LineSplitter((l) => seen.push(l === undefined ? undefined : String(l.length)), 8);
  splitter.push(Buffer.from("12345678\n123456789\n1234"));
  splitter.push(Buffer.from("56789"));
  splitter.end();
  assert.deepEqual(seen, ["8", undefined, undefined]);
  // One cap for every reader (the buffer's LineReader and the Spark parser import or copy it).
  assert.equal(MAX_LINE_BYTES, 64 * 1024);
});

test("a hand-computed .dat word decodes to its record", () => {
  // 2<<62 | 1<<58 | (138-1)<<49 | 3387200973<<17 | 491<<5 | 1, i.e. 0x851393c92b9a3d61:
  // TDC_MEAS = ((1 - 1) & 0x1F) + 1 on channel 138.
  const word = Buffer.from("613d9a2bc9931385", "hex");
  const expected = { head: 2, fpga: 1, channel: 138, orbit: 3387200973, bx: 491, tdc: 1 };
  assert.deepEqual(parseDatWord(word, 0), { kind: "record", record: expected });
  assert.deepEqual(referenceDecode(0x851393c92b9a3d61n), expected);
  // Low bits all zero: the -1 borrows, TDC_MEAS is 31; channel field 0 is TDC_CHANNEL 1.
  assert.deepEqual(decodeWord(0, 0), { head: 0, fpga: 0, channel: 1, orbit: 0, bx: 0, tdc: 31 });
  // All ones: channel wraps to 0, BX 4095 is out of range, so the word is invalid but windowed.
  assert.deepEqual(parseDatWord(Buffer.alloc(8, 0xff), 0), { kind: "invalid", orbit: 4294967295, head: 3, reason: "bx out of range (4095)" });
});

test("the fast decoder equals DETECTOR.md's formula on random words", () => {
  const rng = new Prng(42);
  const buf = Buffer.alloc(8);
  for (let i = 0; i < 20_000; i++) {
    buf.writeUInt32LE(rng.uint32(), 0);
    buf.writeUInt32LE(rng.uint32(), 4);
    assert.deepEqual(decodeWord(buf.readUInt32LE(0), buf.readUInt32LE(4)), referenceDecode(buf.readBigUInt64LE(0)));
  }
});

test(".dat round trip of the fixture's records, and a trailing partial word", () => {
  const valid = records(scanChunks([fs.readFileSync(fixture)])).filter((r) => r.head <= 3);
  assert.equal(valid.length, 49);
  const dat = Buffer.alloc(valid.length * WORD_BYTES);
  valid.forEach((r, i) => encodeWord(r, dat, i * WORD_BYTES));
  valid.forEach((r, i) => assert.deepEqual(referenceDecode(dat.readBigUInt64LE(i * WORD_BYTES)), r));
  // Split mid-word, plus 3 stray bytes at the end.
  const withTail = Buffer.concat([dat, Buffer.from([1, 2, 3])]);
  const parsed = scanChunks([withTail.subarray(0, 13), withTail.subarray(13)], "dat");
  assert.deepEqual(records(parsed), valid);
  assert.deepEqual(parsed.at(-1), { kind: "unreadable", reason: "trailing bytes shorter than a 64-bit word" });
  assert.throws(() => encodeWord({ head: 4, fpga: 1, channel: 0, orbit: 1, bx: 0, tdc: 0 }, dat, 0), /HEAD 4/);
});

test("tdcTime is exact integer TDC units", () => {
  const r = { orbit: 2 ** 32 - 1, bx: 3563, tdc: 29 };
  assert.equal(tdcTime(r), 30 * (3564 * (2 ** 32 - 1) + 3563) + 29);
  assert.ok(Number.isSafeInteger(tdcTime(r)));
  assert.equal(tdcTime({ orbit: 1, bx: 1, tdc: 1 }) - tdcTime({ orbit: 1, bx: 0, tdc: 0 }), 31);
  assert.equal(tdcUnitsToNs(30), 25);
  assert.equal(tdcUnitsToNs(6), 5);
});

test("extended orbits: nearest to the previous record, across a wrap both ways, never negative", () => {
  const W = 2 ** 32;
  assert.equal(extendOrbit(NO_ORBIT, 4_294_967_290), 4_294_967_290, "the run's first record keeps its ORBIT_CNT");
  assert.equal(extendOrbit(4_294_967_290, 3), W + 3, "past the wrap");
  assert.equal(extendOrbit(W + 3, 4_294_967_200), 4_294_967_200, "a record late across the wrap goes back before it");
  assert.equal(extendOrbit(5 * W + 10, 7), 5 * W + 7);
  assert.equal(extendOrbit(0, 2 ** 31), 2 ** 31, "a tie goes to the lower value; below 0 is not allowed");
  assert.equal(extendOrbit(W, 2 ** 31), 2 ** 31, "a tie goes to the lower value");
  assert.equal(extendOrbit(5, 4_294_967_290), 4_294_967_290, "never negative: k = 0 instead of -1");
  // The rule in BigInt, literally: the nearest value raw + k 2^32 (ties low), lifted by 2^32 while negative.
  const rng = new Prng(9);
  let previous = NO_ORBIT;
  for (let i = 0; i < 20_000; i++) {
    const raw = [rng.uint32(), rng.below(16), W - 1 - rng.below(16), 2 ** 31 + rng.below(5) - 2][rng.below(4)]!;
    const got = extendOrbit(previous, raw);
    if (previous >= 0) {
      const p = BigInt(previous);
      const r = BigInt(raw);
      let best = r + ((p - r) / BigInt(W)) * BigInt(W) - BigInt(W);
      for (let k = 0n, c = best; k < 3n; k++, c += BigInt(W)) {
        const d = (x: bigint) => (x > p ? x - p : p - x);
        if (d(c) < d(best) || (d(c) === d(best) && c < best)) best = c;
      }
      if (best < 0n) best += BigInt(W);
      assert.equal(BigInt(got), best, `after ${previous}, ORBIT_CNT ${raw}`);
    }
    previous = got;
  }
});

test("the buffer's orbit reader agrees with the text parser on every mutated line", () => {
  const corpus = mutationCorpus(5, 20_000, 2);
  let lines = 0;
  for (const { name, bytes } of corpus.objects) {
    if (!name.endsWith(".txt")) continue;
    for (let start = 0; start < bytes.length; ) {
      const nl = bytes.indexOf(10, start);
      const end = nl < 0 ? bytes.length : nl;
      const parsed = parseTextLine(bytes.toString("latin1", start, end));
      const orbit = parsed.kind === "record" ? parsed.record.orbit : parsed.kind === "invalid" ? parsed.orbit : -1;
      assert.equal(orbitOfLine(bytes, start, end), orbit, bytes.toString("latin1", start, Math.min(end, start + 200)));
      lines++;
      start = end + 1;
    }
  }
  assert.ok(lines > 9_000);
});
