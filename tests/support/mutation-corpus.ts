import { defaultDetectorConfig } from "@/lib/detector/config";
import { MAX_LINE_BYTES } from "@/lib/detector/line-splitter";
import { ORBIT_LIMIT } from "@/lib/detector/record";
import { encodeWords, isDatEncodable } from "@/lib/generator/encode";
import { generatorOptionsSchema } from "@/lib/generator/options";
import { Prng } from "@/lib/generator/prng";
import { generateBatches } from "@/lib/generator/stream";
import type { GeneratedWord } from "@/lib/generator/word";

/**
 * A seeded corpus of generated detector data crossing the orbit counter's
 * wrap, with records mutated in every way a corrupt object can be: for the
 * property that no input stops any reader and that every reader (the
 * reference, the Spark job's batch and stream modes) counts it alike.
 */
export interface MutationCorpus {
  /** Objects in key order: .txt and .dat, each possibly cut mid-line or mid-word. */
  objects: { name: string; bytes: Buffer }[];
  /** Records generated (before the objects were cut). */
  records: number;
  /** Records mutated: lines changed and .dat words with a flipped bit or random. */
  mutated: number;
  /** How often each mutation was applied. */
  mutations: Record<string, number>;
}

const FIELD_MAX = [3, 15, 511, ORBIT_LIMIT - 1, 3563, 31];
const WRAP_IN_SECONDS = 45;

type Mutation = (cols: string[], rng: Prng) => string[] | Buffer;

const field = (rng: Prng) => rng.below(6);
const bytesOf = (cols: string[], sep = ",") => Buffer.from(cols.join(sep), "latin1");
const insertAt = (line: Buffer, bytes: number[], rng: Prng) => {
  const at = rng.below(line.length + 1);
  return Buffer.concat([line.subarray(0, at), Buffer.from(bytes), line.subarray(at)]);
};

/** Each mutation of one text line's columns; the line is ORBIT-late, garbled or broken. */
const MUTATIONS: Record<string, Mutation> = {
  "huge digits": (c, rng) => c.map((v, i) => (i === field(rng) ? "7".repeat(4_000 + rng.below(2_000)) : v)),
  "orbit of 5,000 digits": (c) => c.map((v, i) => (i === 3 ? "9".repeat(5_000) : v)),
  "11 digits, leading zeros": (c, rng) => c.map((v, i) => (i === field(rng) ? v.padStart(11, "0") : v)),
  "out of range": (c, rng) => {
    const i = 1 + rng.below(5);
    return c.map((v, j) => (j === i ? String(FIELD_MAX[i]! + 1 + rng.below(i === 3 ? 5_000_000_000 : 100)) : v));
  },
  "NUL byte": (c, rng) => insertAt(bytesOf(c), [0], rng),
  "invalid UTF-8": (c, rng) => insertAt(bytesOf(c), [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0x80]][rng.below(4)]!, rng),
  "empty field": (c, rng) => c.map((v, i) => (i === field(rng) ? "" : v)),
  "too few columns": (c, rng) => c.slice(0, rng.below(6)),
  "too many columns": (c, rng) => [...c, ...c.slice(0, 1 + rng.below(3))],
  "other separator": (c, rng) => bytesOf(c, [";", "\t", " ", ", "][rng.below(4)]),
  "sign, space or decimal": (c, rng) => c.map((v, i) => (i === field(rng) ? ["+", "-", " "][rng.below(3)] + v + ["", ".0", " "][rng.below(3)] : v)),
  "CRLF": (c) => Buffer.concat([bytesOf(c), Buffer.from("\r")]),
  "late orbit": (c, rng) => c.map((v, i) => (i === 3 ? String((Number(v) - 1 - rng.below(300) + ORBIT_LIMIT) % ORBIT_LIMIT) : v)),
  "long line": (c, rng) => Buffer.concat([bytesOf(c), Buffer.alloc(MAX_LINE_BYTES - 20 + rng.below(40), 0x35)]),
  "blank or header": (_c, rng) => Buffer.from(["", "HEAD,FPGA,TDC_CHANNEL,ORBIT_CNT,BX_COUNTER,TDC_MEAS", "\r"][rng.below(3)]!),
};
const NAMES = Object.keys(MUTATIONS);
/** Long lines cost 64 KiB each: a few are enough (and the report's 5,000-digit orbit). */
const RARE = new Set(["long line", "orbit of 5,000 digits"]);
/**
 * Random words per .dat object. Each has a random orbit, so a window of its
 * own: few, because a streaming job rightly drops a record reaching a window
 * it already expired, which two random words in one window could provoke.
 */
const RANDOM_WORDS = 4;

/**
 * `records` generated records (>= 100,000 for the property test), starting
 * WRAP_IN_SECONDS before ORBIT_CNT wraps, cut into alternating .txt and .dat
 * objects; about `mutatedShare` of the text lines mutated and of the .dat
 * words given a flipped bit (outside ORBIT_CNT), a few random 64-bit words;
 * every object but the last cut mid-line or mid-word.
 */
export function mutationCorpus(seed: number, records: number, objects = 8, mutatedShare = 0.8): MutationCorpus {
  const rng = new Prng(seed);
  const startOrbit = ORBIT_LIMIT - WRAP_IN_SECONDS * 11_223;
  const options = generatorOptionsSchema.parse({ seed, startOrbit });
  const words: GeneratedWord[] = [...generateBatches(defaultDetectorConfig, options, { records })].flat();
  const mutations: Record<string, number> = Object.fromEntries(NAMES.map((n) => [n, 0]));
  const per = Math.ceil(words.length / objects);
  const out: MutationCorpus["objects"] = [];
  for (let o = 0; o < objects; o++) {
    const slice = words.slice(o * per, (o + 1) * per);
    const name = `data_${String(o).padStart(6, "0")}`;
    if (o % 2 === 1) {
      const dat = encodeWords(slice.filter(isDatEncodable), "dat");
      for (let at = 0; at < dat.length; at += 8) {
        if (rng.next() >= mutatedShare) continue;
        // Bits 0-16 (TDC_MEAS, BX) and 49-63 (channel, FPGA, HEAD): any value, an orbit left as it was.
        const bit = [rng.below(17), 49 + rng.below(15)][rng.below(2)]!;
        dat[at + (bit >> 3)]! ^= 1 << (bit & 7);
        mutations["flipped .dat bit"] = (mutations["flipped .dat bit"] ?? 0) + 1;
      }
      // Random words: any 64-bit pattern decodes to something (out-of-range BX or TDC, any orbit).
      for (let i = 0; i < RANDOM_WORDS; i++) {
        const at = 8 * rng.below(dat.length / 8);
        dat.writeUInt32LE(rng.uint32(), at);
        dat.writeUInt32LE(rng.uint32(), at + 4);
      }
      mutations["random .dat word"] = (mutations["random .dat word"] ?? 0) + RANDOM_WORDS;
      const cut = o < objects - 1 ? 1 + rng.below(7) : 0;
      out.push({ name: `${name}.dat`, bytes: dat.subarray(0, dat.length - cut) });
      continue;
    }
    const lines: Buffer[] = [];
    for (const line of encodeWords(slice, "txt").toString("latin1").split("\n").slice(0, -1)) {
      let name = rng.next() < mutatedShare ? NAMES[rng.below(NAMES.length)]! : undefined;
      if (name && RARE.has(name) && rng.next() > 0.02) name = "late orbit";
      if (!name) {
        lines.push(Buffer.from(line, "latin1"));
        continue;
      }
      mutations[name]!++;
      const mutated = MUTATIONS[name]!(line.split(","), rng);
      lines.push(Buffer.isBuffer(mutated) ? mutated : bytesOf(mutated));
    }
    const text = Buffer.concat(lines.flatMap((l) => [l, Buffer.from("\n")]));
    // Cut mid-line: the object ends inside its last line, which the next object does not continue.
    const cut = o < objects - 1 ? 1 + rng.below(Math.max(1, lines.at(-1)!.length - 1)) : 0;
    out.push({ name: `${name}.txt`, bytes: text.subarray(0, text.length - cut) });
  }
  return { objects: out, records: words.length, mutated: Object.values(mutations).reduce((a, b) => a + b, 0), mutations };
}
